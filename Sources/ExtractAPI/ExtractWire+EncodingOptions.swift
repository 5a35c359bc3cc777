import Foundation

extension ExtractWire {
    /// Choices a writer (typically the emulator) makes when encoding bodies. The defaults are the canonical
    /// output of §15 of the contract: un-zoned UTC timestamps with the fraction's trailing zeros dropped,
    /// `Completed`, links without whitespace, the documented child order, no `xmlns:i`, JSON lists as
    /// top-level arrays with the status as a number, `expires_in` as a string. Every other value is a form
    /// Concur's documentation shows (or, for JSON, a plausible one the docs never rule out); the sandbox's
    /// `--quirks docs` profile draws one set per answer.
    ///
    /// ```swift
    /// var quirky = ExtractWire.EncodingOptions()
    /// quirky.completedWord = .complete          // doc-quirk mode
    /// quirky.timestampStyle = .zulu             // 2010-01-13T18:30:02Z
    /// quirky.fractionDigits = 0
    /// quirky.jsonList = .wrapped                // {"jobs": […]}
    /// let xml = job.xmlData(options: quirky)
    /// ```
    public struct EncodingOptions: Sendable, Hashable {
        /// How the XML `status` word of a completed job is spelled.
        public enum CompletedWord: Sendable, Hashable, CaseIterable {
            /// `Completed` (canonical).
            case completed
            /// `Complete`, the spelling some documentation examples show.
            case complete
        }

        /// How `expires_in` of a token response is written in JSON.
        public enum NumberStyle: Sendable, Hashable, CaseIterable {
            /// `"3600"` (AUTH; the emulator default).
            case string
            /// `3600` (TMC).
            case number
        }

        /// The text around a link (`id`, `job-link`, `status-link`, `file-link`); one documented
        /// `status-link` starts with a space.
        public enum LinkWhitespace: Sendable, Hashable, CaseIterable {
            /// The link alone (canonical).
            case none
            /// One leading space, as the documented `status-link`.
            case leadingSpace
            /// A line break and indentation on both sides, as a pretty-printer writes text content.
            case surrounding

            /// `link` with this whitespace around it.
            public func apply(_ link: String) -> String {
                switch self {
                case .none: return link
                case .leadingSpace: return " " + link
                case .surrounding: return "\n    " + link + "\n  "
                }
            }
        }

        /// The order of an element's children in XML.
        public enum ChildOrder: Sendable, Hashable, CaseIterable {
            /// As documented: a definition `id, name, job-link` alone and `id, job-link, name` in a list; a
            /// job `id, status-link, start-time, [stop-time], status, [file-link]` (canonical).
            case documented
            /// The reverse of the documented order (parsers must be order-insensitive).
            case reversed
        }

        /// How a JSON list (definitions, jobs) is shaped. No Concur page shows it.
        public enum JSONList: String, Sendable, Hashable, CaseIterable {
            /// A top-level array `[…]`, as the two known clients read it (canonical, §15).
            case bare
            /// An object named after the XML root: `{"definitions": […]}`, `{"jobs": […]}`.
            case wrapped
            /// The XML converted element by element: `{"jobs": {"job": […]}}`.
            case nested
        }

        /// How a job's `status` is written in JSON. No Concur page shows it.
        public enum JSONStatus: String, Sendable, Hashable, CaseIterable {
            /// `2`, the form one known client reports (canonical, §15).
            case number
            /// `"2"`.
            case numericString = "string"
            /// `"Completed"` (the XML word, spelled per ``completedWord``).
            case word
        }

        /// The zone of `start-time` and `stop-time` (``ExtractTimestamp/Style/unzoned`` or ``ExtractTimestamp/Style/zulu``).
        public var timestampStyle: ExtractTimestamp.Style
        /// The number of fraction digits of `start-time` and `stop-time` (0–7, truncated, zeros kept); `nil`
        /// writes all seven with trailing zeros dropped (canonical).
        public var fractionDigits: Int?
        /// The spelling of ``JobStatus/completed`` in XML (and in JSON under ``JSONStatus/word``).
        public var completedWord: CompletedWord
        /// How ``TokenResponse/expiresIn`` is written.
        public var expiresInStyle: NumberStyle
        /// The whitespace around links, in XML and JSON.
        public var linkWhitespace: LinkWhitespace
        /// Whether the root element also declares the unused `xmlns:i` (XML Schema instance) prefix.
        public var declaresSchemaInstance: Bool
        /// The order of children in XML.
        public var childOrder: ChildOrder
        /// The shape of JSON lists.
        public var jsonList: JSONList
        /// How a JSON `status` is written.
        public var jsonStatus: JSONStatus

        public init(
            timestampStyle: ExtractTimestamp.Style = .unzoned,
            completedWord: CompletedWord = .completed,
            expiresInStyle: NumberStyle = .string,
            fractionDigits: Int? = nil,
            linkWhitespace: LinkWhitespace = .none,
            declaresSchemaInstance: Bool = false,
            childOrder: ChildOrder = .documented,
            jsonList: JSONList = .bare,
            jsonStatus: JSONStatus = .number
        ) {
            self.timestampStyle = timestampStyle
            self.completedWord = completedWord
            self.expiresInStyle = expiresInStyle
            self.fractionDigits = fractionDigits.map { min(max($0, 0), 7) }
            self.linkWhitespace = linkWhitespace
            self.declaresSchemaInstance = declaresSchemaInstance
            self.childOrder = childOrder
            self.jsonList = jsonList
            self.jsonStatus = jsonStatus
        }

        /// The canonical options (all defaults).
        public static let canonical = EncodingOptions()

        /// One documented form of every choice, drawn uniformly and independently from `random` (the token's
        /// `expires_in` style is left as given: it belongs to the OAuth answer).
        ///
        /// ```swift
        /// var random = SystemRandomNumberGenerator()
        /// let options = ExtractWire.EncodingOptions.drawn(using: &random)
        /// ```
        public static func drawn(
            using random: inout some RandomNumberGenerator,
            base: EncodingOptions = .canonical
        ) -> EncodingOptions {
            var options = base
            options.timestampStyle = [ExtractTimestamp.Style.unzoned, .zulu].randomElement(using: &random) ?? .unzoned
            options.fractionDigits = [nil, 0, 1, 2, 3, 4, 5, 6, 7].randomElement(using: &random) ?? nil
            options.completedWord = CompletedWord.allCases.randomElement(using: &random) ?? .completed
            options.linkWhitespace = LinkWhitespace.allCases.randomElement(using: &random) ?? .none
            options.declaresSchemaInstance = Bool.random(using: &random)
            options.childOrder = ChildOrder.allCases.randomElement(using: &random) ?? .documented
            options.jsonList = JSONList.allCases.randomElement(using: &random) ?? .bare
            options.jsonStatus = JSONStatus.allCases.randomElement(using: &random) ?? .number
            return options
        }

        /// `timestamp` as these options write it.
        public func text(_ timestamp: ExtractTimestamp) -> String {
            timestamp.formatted(timestampStyle, fractionDigits: fractionDigits)
        }

        /// `link` as these options write it.
        func text(link: URL) -> String { linkWhitespace.apply(link.absoluteString) }
    }
}
