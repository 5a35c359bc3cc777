public import ExtractAPI

/// The `readyForIntegration` event (§6): a document is ready; `facts.href` is the GET URL with `?docId=`.
///
/// ```swift
/// let event = try FISReadyForIntegrationEvent(json: body)
/// print(event.eventType, event.facts.documentId)   // expense.readyForIntegration 5F8FC21234374B979809
/// ```
public struct FISReadyForIntegrationEvent: Codable, Sendable, Hashable, JSONWireBody {
    /// `facts` of the event.
    public struct Facts: Codable, Sendable, Hashable {
        /// The company **UUID**.
        public var companyId: String
        /// The business id (report, invoice or cash advance id).
        public var documentId: String
        public var href: String
        public var entityId: String?

        public init(companyId: String, documentId: String, href: String, entityId: String?) {
            self.companyId = companyId
            self.documentId = documentId
            self.href = href
            self.entityId = entityId
        }
    }

    public var id: String
    public var correlationId: String?
    /// `expense.readyForIntegration`, `invoice.…`, `cashadvance.…`, …
    public var eventType: String
    public var topic: String
    /// The company's entity id.
    public var subtopic: String?
    /// Both `…+0000` and `…Z` forms occur; kept as sent.
    public var timeStamp: String
    public var facts: Facts
    /// Always `null`.
    public var data: FISJSONValue?
    public var route: String?

    public init(
        id: String,
        correlationId: String?,
        eventType: String,
        topic: String = FinancialIntegrationAPI.eventTopic,
        subtopic: String?,
        timeStamp: String,
        facts: Facts,
        route: String? = "stable"
    ) {
        self.id = id
        self.correlationId = correlationId
        self.eventType = eventType
        self.topic = topic
        self.subtopic = subtopic
        self.timeStamp = timeStamp
        self.facts = facts
        self.data = nil
        self.route = route
    }

    enum CodingKeys: String, CodingKey {
        case id, correlationId, eventType, topic, subtopic, timeStamp, facts, data, route
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        correlationId = try container.decodeIfPresent(String.self, forKey: .correlationId)
        eventType = try container.decode(String.self, forKey: .eventType)
        topic = try container.decode(String.self, forKey: .topic)
        subtopic = try container.decodeIfPresent(String.self, forKey: .subtopic)
        timeStamp = try container.decode(String.self, forKey: .timeStamp)
        facts = try container.decode(Facts.self, forKey: .facts)
        let value = try container.decodeIfPresent(FISJSONValue.self, forKey: .data)
        data = value == .null ? nil : value
        route = try container.decodeIfPresent(String.self, forKey: .route)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(correlationId, forKey: .correlationId)
        try container.encode(eventType, forKey: .eventType)
        try container.encode(topic, forKey: .topic)
        try container.encode(subtopic, forKey: .subtopic)
        try container.encode(timeStamp, forKey: .timeStamp)
        try container.encode(facts, forKey: .facts)
        try container.encode(data, forKey: .data)
        try container.encode(route, forKey: .route)
    }
}

/// An HTTP-level error body (§3.5, §7 #1): `{"message"}`, with `fiReturnCode` and `postingResultBlob` on 405.
///
/// ```swift
/// let body = try FISErrorBody(message: "Unknown docType 'expenses'").jsonData()
/// ```
public struct FISErrorBody: Codable, Sendable, Hashable, JSONWireBody {
    public var message: String
    public var fiReturnCode: Int?
    public var postingResultBlob: String?

    public init(message: String, fiReturnCode: Int? = nil, postingResultBlob: String? = nil) {
        self.message = message
        self.fiReturnCode = fiReturnCode
        self.postingResultBlob = postingResultBlob
    }
}
