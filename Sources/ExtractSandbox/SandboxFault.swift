/// A deterministic fault: on which route, what goes wrong, and on which of the matching requests.
///
/// Selection is by count (`skip` matching requests, then hit the next `count`; `nil` count = all after the
/// skip) and, optionally, by probability drawn from the sandbox's fixed-seed generator, so the same seed and
/// the same request sequence give the same faults.
///
/// In JSON (admin route `PUT /_sandbox/faults`), each fault is flat:
/// `{"route": "jobStatus", "kind": "serviceUnavailable", "retryAfter": 5, "count": 2}`.
///
/// ```swift
/// let fault = SandboxFault(route: .jobStatus, kind: .serviceUnavailable(retryAfter: 5), count: 2)
/// let flaky = SandboxFault(route: .any, kind: .tooManyRequests(retryAfter: nil), probability: 0.2)
/// ```
public struct SandboxFault: Sendable, Hashable, Codable {
    /// The routes a fault can target.
    public enum Route: String, Sendable, Hashable, Codable, CaseIterable {
        case any
        case token
        case definitions
        case definition
        case jobs
        case startJob
        case job
        case jobStatus
        case jobFile
        /// FIS `GET …/transactions`.
        case fisTransactions
        /// FIS `POST …/acknowledgements`.
        case fisAcknowledgements
        /// FIS `POST …/postingconfirmations`.
        case fisPostingConfirmations
        /// FIS `POST …/paymentconfirmations`.
        case fisPaymentConfirmations
    }

    /// What goes wrong.
    public enum Kind: Sendable, Hashable {
        /// 503 maintenance, with or without `Retry-After` (seconds).
        case serviceUnavailable(retryAfter: Int?)
        /// 400 with "request limit" in the message, optionally with `Retry-After`.
        case requestLimit(retryAfter: Int?)
        /// 429, optionally with `Retry-After`.
        case tooManyRequests(retryAfter: Int?)
        /// The answer is delayed by this many milliseconds (real time), then given normally.
        case slow(milliseconds: Int)
        /// The connection is closed before any byte of the answer.
        case dropConnection
        /// The answer announces its full `Content-Length`, sends about half of the body, then closes.
        case truncatedBody
        /// (POST job) the access token used expires when the job starts running.
        case tokenExpiresMidJob
        /// (POST job) the job stays `Queued` for ever.
        case jobStuckInQueue
        /// (POST job) the job ends `Failed`.
        case jobFails
        /// (POST job) the job completes with the file of the definition's last completed job, served a second
        /// time (same bytes, same batch); it extracts nothing new. A normal job when there is no earlier file.
        case fileServedTwice
        /// (token endpoint) answers code 16, "user belongs to another data center", naming this base URI.
        case wrongDataCenter(geolocation: String)

        /// The `kind` word of the JSON form.
        public var name: String {
            switch self {
            case .serviceUnavailable: return "serviceUnavailable"
            case .requestLimit: return "requestLimit"
            case .tooManyRequests: return "tooManyRequests"
            case .slow: return "slow"
            case .dropConnection: return "dropConnection"
            case .truncatedBody: return "truncatedBody"
            case .tokenExpiresMidJob: return "tokenExpiresMidJob"
            case .jobStuckInQueue: return "jobStuckInQueue"
            case .jobFails: return "jobFails"
            case .fileServedTwice: return "fileServedTwice"
            case .wrongDataCenter: return "wrongDataCenter"
            }
        }

        /// Whether the fault changes a job rather than an answer (only POST job requests can carry it).
        public var isJobFault: Bool {
            switch self {
            case .tokenExpiresMidJob, .jobStuckInQueue, .jobFails, .fileServedTwice: return true
            default: return false
            }
        }

        /// Whether a request of `route` can carry this fault.
        func applies(to route: Route) -> Bool {
            if isJobFault { return route == .startJob }
            if case .wrongDataCenter = self { return route == .token }
            return true
        }
    }

    public var route: Route
    public var kind: Kind
    /// Matching requests let through before the fault starts.
    public var skip: Int
    /// Matching requests hit after the skip; `nil` means every one.
    public var count: Int?
    /// When set, each candidate request is hit with this probability (seeded).
    public var probability: Double?

    public init(route: Route, kind: Kind, skip: Int = 0, count: Int? = nil, probability: Double? = nil) {
        self.route = route
        self.kind = kind
        self.skip = max(0, skip)
        self.count = count.map { max(0, $0) }
        self.probability = probability.map { min(max($0, 0), 1) }
    }

    enum CodingKeys: String, CodingKey {
        case route, kind, retryAfter, milliseconds, geolocation, skip, count, probability
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let retryAfter = try container.decodeIfPresent(Int.self, forKey: .retryAfter)
        let name = try container.decode(String.self, forKey: .kind)
        let kind: Kind
        switch name {
        case "serviceUnavailable": kind = .serviceUnavailable(retryAfter: retryAfter)
        case "requestLimit": kind = .requestLimit(retryAfter: retryAfter)
        case "tooManyRequests": kind = .tooManyRequests(retryAfter: retryAfter)
        case "slow": kind = .slow(milliseconds: try container.decodeIfPresent(Int.self, forKey: .milliseconds) ?? 2_000)
        case "dropConnection": kind = .dropConnection
        case "truncatedBody": kind = .truncatedBody
        case "tokenExpiresMidJob": kind = .tokenExpiresMidJob
        case "jobStuckInQueue": kind = .jobStuckInQueue
        case "jobFails": kind = .jobFails
        case "fileServedTwice": kind = .fileServedTwice
        case "wrongDataCenter":
            kind = .wrongDataCenter(geolocation: try container.decode(String.self, forKey: .geolocation))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown fault kind")
        }
        self.init(
            route: try container.decodeIfPresent(Route.self, forKey: .route) ?? .any,
            kind: kind,
            skip: try container.decodeIfPresent(Int.self, forKey: .skip) ?? 0,
            count: try container.decodeIfPresent(Int.self, forKey: .count),
            probability: try container.decodeIfPresent(Double.self, forKey: .probability)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(route, forKey: .route)
        try container.encode(kind.name, forKey: .kind)
        switch kind {
        case .serviceUnavailable(let retryAfter), .requestLimit(let retryAfter), .tooManyRequests(let retryAfter):
            try container.encodeIfPresent(retryAfter, forKey: .retryAfter)
        case .slow(let milliseconds):
            try container.encode(milliseconds, forKey: .milliseconds)
        case .wrongDataCenter(let geolocation):
            try container.encode(geolocation, forKey: .geolocation)
        default:
            break
        }
        if skip > 0 { try container.encode(skip, forKey: .skip) }
        try container.encodeIfPresent(count, forKey: .count)
        try container.encodeIfPresent(probability, forKey: .probability)
    }
}

/// Decides, request by request, which faults fire: a pure value with its own fixed-seed generator.
///
/// ```swift
/// var injector = FaultInjector(faults: [fault], seed: 7)
/// let kinds = injector.draw(for: .jobStatus)   // the kinds that fire for this request
/// ```
public struct FaultInjector: Sendable, Hashable {
    public private(set) var faults: [SandboxFault]
    private var matched: [Int]
    private var hits: [Int]
    private var random: SeededRandomNumberGenerator

    public init(faults: [SandboxFault] = [], seed: UInt64) {
        self.faults = faults
        self.matched = Array(repeating: 0, count: faults.count)
        self.hits = Array(repeating: 0, count: faults.count)
        self.random = SeededRandomNumberGenerator(seed: seed ^ 0xFA17_FA17)
    }

    /// How many times each fault has fired, in order.
    public var hitCounts: [Int] { hits }

    /// The kinds that fire for one request of `route`, in the order the faults were given.
    public mutating func draw(for route: SandboxFault.Route) -> [SandboxFault.Kind] {
        var fired: [SandboxFault.Kind] = []
        for (index, fault) in faults.enumerated() {
            guard fault.route == .any || fault.route == route, fault.kind.applies(to: route) else { continue }
            matched[index] += 1
            guard matched[index] > fault.skip else { continue }
            if let count = fault.count, hits[index] >= count { continue }
            if let probability = fault.probability, Double.random(in: 0..<1, using: &random) >= probability {
                continue
            }
            hits[index] += 1
            fired.append(fault.kind)
        }
        return fired
    }
}
