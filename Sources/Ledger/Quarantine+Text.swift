import Foundation

extension QuarantineRecord {
    /// The entry's line in `quarantine list`: id, state, company, file, `[code] reason`, tab-separated.
    ///
    /// ```swift
    /// for entry in try await QuarantineWorkflow(store: store).list() { print(entry.listLine) }
    /// ```
    public var listLine: String {
        "\(id ?? 0)\t\(state.rawValue)\t\(company ?? "(none)")\t\(fileName)\t[\(code)] \(reason)"
    }
}

extension QuarantineDetail {
    /// What `quarantine show ID` prints: the entry's fields, one a line, then its audit trail.
    public var text: String {
        var lines = [
            "quarantine \(entry.id ?? 0): \(entry.state.rawValue)",
            "company:  \(entry.company ?? "(none)")",
            "job:      \(entry.jobID ?? "(unknown)")",
            "file:     \(entry.fileName)",
            "sha256:   \(entry.sha256)",
            "archive:  \(archivePath ?? "(not in the manifest)")\(archived ? "" : " (MISSING)")",
            "batch:    \(entry.batchID ?? "(unknown)")",
            "problem:  [\(entry.code)] \(entry.reason)",
        ]
        if let line = entry.line { lines.append("line:     \(line)") }
        if let field = entry.field { lines.append("field:    \(field)\(entry.fieldName.map { " (\($0))" } ?? "")") }
        if let value = entry.value { lines.append("value:    '\(value)'") }
        if let batch = entry.resolvedBatchID { lines.append("posted:   batch \(batch)") }
        lines.append("events:")
        for event in events {
            let at = ISO8601DateFormatter().string(from: event.occurredAt)
            lines.append("  \(at) \(event.kind.rawValue) by \(event.actor): \(event.note)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension QuarantineReloadReport {
    /// What `quarantine reload ID` prints: the outcome, and the entry of reports held back, if any.
    public var text: String {
        let id = entry.id ?? 0
        var text: String
        switch result {
        case .reloaded:
            text =
                "quarantine \(id): reloaded as batch \(batchID ?? "?"): \(recordsLoaded) DETAIL lines → \(linesLoaded) journal lines\n"
        case .alreadyReloaded:
            text = "quarantine \(id): already reloaded as batch \(batchID ?? "?"): nothing changed\n"
        case .stillQuarantined:
            text = "quarantine \(id): still refused: [\(entry.code)] \(entry.reason)\n"
        }
        if let held = heldReports { text += "quarantine \(held.id ?? 0): \(held.reason)\n" }
        return text
    }
}
