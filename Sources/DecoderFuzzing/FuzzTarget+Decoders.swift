import AccountingExtract
import ExtractAPI
import Foundation

extension FuzzTarget {
    /// The largest total a fuzzed zip may unpack to: enough for the corpus, small enough to stay fast.
    static let maximumZipUnpackedSize: UInt64 = 1 << 20

    static func runSAE(_ data: Data, into outcome: inout FuzzOutcome) {
        // Strict: the first error ends the read.
        do {
            _ = try SAEReader(bytes: data, name: "fuzz.txt", options: .strict).readAll()
            outcome.decoded += 1
        } catch { outcome.refuse(error) }
        // Lenient, through the batch checks, going on after each refused line (each call consumes a line).
        let reader = SAEReader(bytes: data, name: "fuzz.txt", options: .lenient)
        var validator = SAEBatchValidator(file: "fuzz.txt", mode: .lenient)
        var lines = 0
        while lines <= data.count + 1 {
            lines += 1
            do {
                guard let element = try reader.next() else { break }
                validator.add(element)
            } catch {
                validator.add(error: error)
            }
        }
        let summary = validator.finish(reader: reader)
        if summary.isValid { outcome.decoded += 1 }
        for error in summary.errors { outcome.refuse(error) }
    }

    static func runWire(_ data: Data, format: ExtractWire.Format, into outcome: inout FuzzOutcome) {
        decode(ExtractDefinitionList.self, data, format, &outcome)
        decode(ExtractDefinition.self, data, format, &outcome)
        decode(ExtractJobList.self, data, format, &outcome)
        decode(ExtractJob.self, data, format, &outcome)
        decode(StartJobRequest.self, data, format, &outcome)
        decode(ExtractErrorBody.self, data, format, &outcome)
    }

    private static func decode<Body: WireBody>(
        _: Body.Type,
        _ data: Data,
        _ format: ExtractWire.Format,
        _ outcome: inout FuzzOutcome
    ) {
        do {
            _ = try Body(data: data, format: format)
            outcome.decoded += 1
        } catch { outcome.refuse(error) }
    }

    static func runToken(_ data: Data, into outcome: inout FuzzOutcome) {
        do {
            let token = try TokenResponse(json: data)
            _ = token.accessTokenExpiry(receivedAt: Date(timeIntervalSince1970: 0))
            _ = token.refreshTokenExpiry
            outcome.decoded += 1
        } catch { outcome.refuse(error) }
        do {
            let failure = try OAuthErrorResponse(json: data)
            _ = failure.requiresReauthorization
            _ = failure.description
            outcome.decoded += 1
        } catch { outcome.refuse(error) }
    }

    /// Writes the bytes to a file of this call (the classifier reads files; calls may run concurrently, as the
    /// corpus tests do), classifies, and extracts the SAE entries into a folder removed afterwards.
    static func runZip(_ data: Data, into outcome: inout FuzzOutcome) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("concur-extract-fuzz-zip-\(getpid())-\(UUID().uuidString)")
        let file = directory.appendingPathComponent("download.zip").path
        let unpacked = directory.appendingPathComponent("unpacked").path
        try? FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        guard FileManager.default.createFile(atPath: file, contents: data) else { return }
        _ = ExtractZip.isZip(data)
        _ = ExtractZip.isZip(path: file)
        do {
            let archive = try ExtractZip(path: file, maximumUnpackedSize: maximumZipUnpackedSize)
            outcome.decoded += 1
            for entry in archive.entries where entry.isSAE {
                do {
                    _ = try archive.extract(entry, into: unpacked)
                    outcome.decoded += 1
                } catch { outcome.refuse(error) }
            }
        } catch { outcome.refuse(error) }
    }
}
