import AccountingExtract
import ArgumentParser
import Foundation
import Ledger

/// Where the ledger, the archive and the downloads live.
struct DataOptions: ParsableArguments {
    @Option(
        help:
            "The data directory: ledger database (SQLite by default), raw-file archive, downloads. Default: $CONCUR_EXTRACT_DATA, else $XDG_DATA_HOME/concur-extract, else ~/.local/share/concur-extract."
    )
    var dataDir: String?

    @Option(
        help:
            "The ledger database: a SQLite path (sqlite:///path) or postgres://user@host:port/db. Default: DATA-DIR/ledger.sqlite."
    )
    var database: String?

    var location: DataLocation {
        let directory: URL
        if let dataDir {
            directory = URL(fileURLWithPath: dataDir)
        } else if let env = ProcessInfo.processInfo.environment["CONCUR_EXTRACT_DATA"] {
            directory = URL(fileURLWithPath: env)
        } else {
            directory = BaseDirectories().data
        }
        return DataLocation(
            directory: directory,
            database: database ?? ProcessInfo.processInfo.environment["CONCUR_EXTRACT_DATABASE"]
        )
    }
}

/// The data directory and the ledger database.
struct DataLocation {
    var directory: URL
    /// The `--database` value; `nil` means SQLite in the data directory.
    var database: String?

    var databaseURL: String { database ?? directory.appendingPathComponent("ledger.sqlite").path }

    /// Opens (and migrates) the store and the archive: the directory, the archive and a SQLite ledger are created
    /// 0700/0600 whatever the umask; one that other users can read is reported on standard error (a warning, not
    /// a failure: the user may share it on purpose, e.g. with a backup account's group).
    func open() async throws -> (any LedgerStore, RawFileStore) {
        try PrivateFiles.createDirectory(directory.path)
        for warning in exposureWarnings() { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        let store = try await LedgerStores.open(databaseURL)
        _ = try await store.migrate()
        let archive = try RawFileStore(directory: directory.appendingPathComponent("archive").path)
        return (store, archive)
    }

    /// Opens the ledger for a command that reads it (or works on what it holds): never creates the data directory,
    /// the database or its schema.
    func openExisting() async throws -> any LedgerStore {
        if database == nil {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                throw LedgerError(
                    .ledgerNotFound,
                    "no data directory at \(directory.path): check --data-dir (or CONCUR_EXTRACT_DATA); a read never creates one"
                )
            }
        }
        let store = try await LedgerStores.openExisting(databaseURL)
        for warning in exposureWarnings() { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        return store
    }

    /// A warning for the data directory and for a SQLite ledger file that group or others can read.
    func exposureWarnings() -> [String] {
        var warnings = [PrivateFiles.exposure(of: directory.path, what: "the data directory")]
        if case .sqlite(path: let path)? = try? LedgerDatabaseURL(databaseURL) {
            warnings.append(PrivateFiles.exposure(of: path, what: "the ledger database"))
        }
        return warnings.compactMap { $0 }
    }
}
