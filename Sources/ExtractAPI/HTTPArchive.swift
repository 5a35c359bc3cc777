public import Foundation

/// An HTTP Archive (HAR 1.2): the exchanges of a client run, as `--trace FILE` writes them and
/// `sandbox --replay FILE` answers them. Only the fields this project writes and reads are modelled; a HAR
/// written by a browser decodes too (unknown fields are ignored, optional ones may be missing).
///
/// ```swift
/// let archive = try JSONDecoder().decode(HTTPArchive.self, from: Data(contentsOf: traceURL))
/// for entry in archive.log.entries { print(entry.request.method, entry.request.url, entry.response.status) }
/// ```
public struct HTTPArchive: Codable, Sendable, Equatable {
    public var log: Log

    public init(log: Log) { self.log = log }

    public struct Log: Codable, Sendable, Equatable {
        public var version: String
        public var creator: Creator
        public var entries: [Entry]
        public var comment: String?

        public init(version: String = "1.2", creator: Creator, entries: [Entry], comment: String? = nil) {
            self.version = version
            self.creator = creator
            self.entries = entries
            self.comment = comment
        }
    }

    public struct Creator: Codable, Sendable, Equatable {
        public var name: String
        public var version: String

        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }

    /// One name–value pair (a header, a query item, a form field).
    public struct Pair: Codable, Sendable, Equatable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public struct Entry: Codable, Sendable, Equatable {
        /// ISO 8601 with milliseconds.
        public var startedDateTime: String
        /// Milliseconds, the sum of the timings.
        public var time: Double
        public var request: Request
        public var response: Response
        public var cache: [String: String]
        public var timings: Timings
        public var comment: String?

        public init(
            startedDateTime: String,
            time: Double,
            request: Request,
            response: Response,
            timings: Timings,
            comment: String? = nil
        ) {
            self.startedDateTime = startedDateTime
            self.time = time
            self.request = request
            self.response = response
            self.cache = [:]
            self.timings = timings
            self.comment = comment
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            startedDateTime = try container.decode(String.self, forKey: .startedDateTime)
            time = try container.decodeIfPresent(Double.self, forKey: .time) ?? 0
            request = try container.decode(Request.self, forKey: .request)
            response = try container.decode(Response.self, forKey: .response)
            cache = (try? container.decodeIfPresent([String: String].self, forKey: .cache)) ?? [:]
            timings =
                try container.decodeIfPresent(Timings.self, forKey: .timings)
                ?? Timings(send: 0, wait: 0, receive: 0)
            comment = try container.decodeIfPresent(String.self, forKey: .comment)
        }
    }

    public struct Request: Codable, Sendable, Equatable {
        public var method: String
        public var url: String
        public var httpVersion: String
        public var cookies: [Pair]
        public var headers: [Pair]
        public var queryString: [Pair]
        public var postData: PostData?
        public var headersSize: Int
        public var bodySize: Int

        public init(method: String, url: String, headers: [Pair], queryString: [Pair], postData: PostData?) {
            self.method = method
            self.url = url
            self.httpVersion = "HTTP/1.1"
            self.cookies = []
            self.headers = headers
            self.queryString = queryString
            self.postData = postData
            self.headersSize = -1
            self.bodySize = postData.map { $0.text.utf8.count } ?? 0
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            method = try container.decode(String.self, forKey: .method)
            url = try container.decode(String.self, forKey: .url)
            httpVersion = try container.decodeIfPresent(String.self, forKey: .httpVersion) ?? "HTTP/1.1"
            cookies = (try? container.decodeIfPresent([Pair].self, forKey: .cookies)) ?? []
            headers = try container.decodeIfPresent([Pair].self, forKey: .headers) ?? []
            queryString = try container.decodeIfPresent([Pair].self, forKey: .queryString) ?? []
            postData = try container.decodeIfPresent(PostData.self, forKey: .postData)
            headersSize = try container.decodeIfPresent(Int.self, forKey: .headersSize) ?? -1
            bodySize = try container.decodeIfPresent(Int.self, forKey: .bodySize) ?? -1
        }
    }

    public struct PostData: Codable, Sendable, Equatable {
        public var mimeType: String
        public var text: String

        public init(mimeType: String, text: String) {
            self.mimeType = mimeType
            self.text = text
        }
    }

    public struct Response: Codable, Sendable, Equatable {
        public var status: Int
        public var statusText: String
        public var httpVersion: String
        public var cookies: [Pair]
        public var headers: [Pair]
        public var content: Content
        public var redirectURL: String
        public var headersSize: Int
        public var bodySize: Int

        public init(status: Int, statusText: String, headers: [Pair], content: Content) {
            self.status = status
            self.statusText = statusText
            self.httpVersion = "HTTP/1.1"
            self.cookies = []
            self.headers = headers
            self.content = content
            self.redirectURL =
                headers.first { $0.name.caseInsensitiveCompare("Location") == .orderedSame }?.value ?? ""
            self.headersSize = -1
            self.bodySize = content.size
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            status = try container.decode(Int.self, forKey: .status)
            statusText = try container.decodeIfPresent(String.self, forKey: .statusText) ?? ""
            httpVersion = try container.decodeIfPresent(String.self, forKey: .httpVersion) ?? "HTTP/1.1"
            cookies = (try? container.decodeIfPresent([Pair].self, forKey: .cookies)) ?? []
            headers = try container.decodeIfPresent([Pair].self, forKey: .headers) ?? []
            content = try container.decode(Content.self, forKey: .content)
            redirectURL = try container.decodeIfPresent(String.self, forKey: .redirectURL) ?? ""
            headersSize = try container.decodeIfPresent(Int.self, forKey: .headersSize) ?? -1
            bodySize = try container.decodeIfPresent(Int.self, forKey: .bodySize) ?? -1
        }
    }

    /// A body: UTF-8 text as it is, anything else (a zip) base64 with `encoding` "base64".
    public struct Content: Codable, Sendable, Equatable {
        public var size: Int
        public var mimeType: String
        public var text: String?
        public var encoding: String?

        public init(size: Int, mimeType: String, text: String?, encoding: String?) {
            self.size = size
            self.mimeType = mimeType
            self.text = text
            self.encoding = encoding
        }

        /// The body's bytes for `bytes`: text when it is UTF-8, else base64.
        public init(bytes: Data, mimeType: String) {
            if let text = String(data: bytes, encoding: .utf8) {
                self.init(size: bytes.count, mimeType: mimeType, text: text, encoding: nil)
            } else {
                self.init(size: bytes.count, mimeType: mimeType, text: bytes.base64EncodedString(), encoding: "base64")
            }
        }

        /// The body's bytes (empty when the HAR holds none).
        public var bytes: Data {
            guard let text else { return Data() }
            if encoding == "base64" { return Data(base64Encoded: text) ?? Data() }
            return Data(text.utf8)
        }
    }

    /// Milliseconds of each phase; -1 where it does not apply (HAR's convention).
    public struct Timings: Codable, Sendable, Equatable {
        public var blocked: Double
        public var dns: Double
        public var connect: Double
        public var send: Double
        public var wait: Double
        public var receive: Double
        public var ssl: Double

        public init(send: Double, wait: Double, receive: Double) {
            self.blocked = -1
            self.dns = -1
            self.connect = -1
            self.send = send
            self.wait = wait
            self.receive = receive
            self.ssl = -1
        }
    }
}

extension HTTPArchive.Pair {
    /// The pairs of a query string or a form body, percent-decoded (`+` as a space in forms).
    ///
    /// ```swift
    /// HTTPArchive.Pair.decode(form: "a=1&b=x+y")  // [a: 1, b: x y]
    /// ```
    public static func decode(form: String) -> [HTTPArchive.Pair] {
        form.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String {
                let spaced = text.replacing("+", with: " ")
                return spaced.removingPercentEncoding ?? String(spaced)
            }
            return HTTPArchive.Pair(decoded(parts[0]), parts.count > 1 ? decoded(parts[1]) : "")
        }
    }
}
