import ExtractAPI
import Foundation
import HTTPTypes
import Hummingbird

extension SandboxResponder {
    /// The Extract v1 routes, for the company of the caller's token only.
    func extract(
        _ request: Request,
        route: ExtractWire.Route,
        format: ExtractWire.Format,
        base: String,
        jobFaults: [SandboxFault.Kind]
    ) async throws -> SandboxHTTP.Answer {
        let token = try await store.authorize(request.headers[.authorization])
        let options = await store.answerOptions()
        let links = SandboxLinks(base: base)
        let company = token.companyID
        switch route {
        case .definitions:
            let list = ExtractDefinitionList(try await store.definitions(companyID: company).map(links.definition))
            return try body(list, format: format, options: options)
        case .definition(let id):
            let definition = try await store.definition(companyID: company, id: id)
            return try body(links.definition(definition), format: format, options: options)
        case .jobs(let definitionID) where request.method == .post:
            _ = try await store.definition(companyID: company, id: definitionID)
            try await checkStartBody(request, definitionID: definitionID)
            let job = try await store.startJob(
                companyID: company,
                definitionID: definitionID,
                accessToken: token.token,
                faults: jobFaults
            )
            let wire = try links.job(job)
            var answer = try body(wire, format: format, options: options, status: 201)
            answer.headers[.location] = wire.id.absoluteString
            return answer
        case .jobs(let definitionID):
            let jobs = try await store.jobs(companyID: company, definitionID: definitionID)
            return try body(ExtractJobList(try jobs.map(links.job)), format: format, options: options)
        case .job(let definitionID, let jobID), .jobStatus(let definitionID, let jobID):
            let job = try await store.job(companyID: company, definitionID: definitionID, jobID: jobID)
            return try body(try links.job(job), format: format, options: options)
        case .jobFile(let definitionID, let jobID):
            let (job, bytes) = try await store.file(companyID: company, definitionID: definitionID, jobID: jobID)
            var headers: HTTPFields = [:]
            if let name = job.fileName {
                headers[SandboxHTTP.contentDisposition] = "attachment; filename=\(name)"
            }
            return SandboxHTTP.Answer(
                status: 200,
                contentType: job.contentType ?? ExtractWire.MediaType.csv.rawValue,
                bytes: bytes,
                headers: headers
            )
        case .token:
            throw SandboxError(.notFound, status: 404, "The URI does not name a resource.")
        }
    }

    /// Accepts an empty body, `<definition><id>…</id></definition>` or `{"id": "…"}`; 400 for a malformed
    /// body, a chunked one, or an `id` naming another definition.
    private func checkStartBody(_ request: Request, definitionID: String) async throws {
        if let encoding = request.headers[.transferEncoding], encoding.lowercased().contains("chunked") {
            throw SandboxError(.malformedBody, status: 400, "Chunked request bodies are not supported.")
        }
        let data = try await collectBody(request)
        guard let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return }
        let sniffed: ExtractWire.Format = first == UInt8(ascii: "{") ? .json : .xml
        let bodyFormat = ExtractWire.Format(contentType: request.headers[.contentType]) ?? sniffed
        let start: StartJobRequest
        do {
            start = try StartJobRequest(data: data, format: bodyFormat)
        } catch {
            throw SandboxError(.malformedBody, status: 400, "The request body is malformed: \(error.message).")
        }
        guard let uri = start.definitionURI else { return }
        guard ExtractWire.Route(url: uri)?.definitionID == definitionID,
            ExtractWire.Route(url: uri).map({ if case .definition = $0 { true } else { false } }) == true
        else {
            throw SandboxError(
                .definitionMismatch,
                status: 400,
                "The definition id in the body does not name the definition in the URI."
            )
        }
    }

    /// The answer of `value` in `format`, written with the `options` drawn for this answer.
    func body(
        _ value: some WireBody,
        format: ExtractWire.Format,
        options: ExtractWire.EncodingOptions,
        status: Int = 200
    ) throws -> SandboxHTTP.Answer {
        SandboxHTTP.Answer(
            status: status,
            contentType: format.mediaType.rawValue,
            bytes: try value.encoded(as: format, options: options)
        )
    }
}

/// Absolute links under one base URL.
struct SandboxLinks {
    var base: String

    func url(_ route: ExtractWire.Route) throws(SandboxError) -> URL {
        guard let url = URL(string: base + route.path) else {
            throw SandboxError(.internalError, status: 500, "The public base URL cannot form a URI.")
        }
        return url
    }

    func definition(_ definition: SandboxDefinition) throws(SandboxError) -> ExtractDefinition {
        ExtractDefinition(
            id: try url(.definition(id: definition.id)),
            name: definition.name,
            jobLink: try url(.jobs(definitionID: definition.id))
        )
    }

    func job(_ job: SandboxJob) throws(SandboxError) -> ExtractJob {
        let status = job.machine.status
        return ExtractJob(
            id: try url(.job(definitionID: job.definitionID, jobID: job.id)),
            statusLink: try url(.jobStatus(definitionID: job.definitionID, jobID: job.id)),
            startTime: ExtractTimestamp(job.machine.createdAt),
            stopTime: job.machine.stopTime.map(ExtractTimestamp.init),
            status: status,
            fileLink: status == .completed ? try url(.jobFile(definitionID: job.definitionID, jobID: job.id)) : nil
        )
    }
}
