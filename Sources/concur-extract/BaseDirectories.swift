import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where concur-extract keeps its files when no flag or variable names a place, after the XDG base directory
/// specification, as every Unix tool does:
///
/// - data (the ledger, the raw-file archive, downloads, the demo): `$XDG_DATA_HOME/concur-extract`, else
///   `$HOME/.local/share/concur-extract`;
/// - state (the token, the run history): `$XDG_STATE_HOME/concur-extract`, else
///   `$HOME/.local/state/concur-extract`;
/// - configuration (`config.toml`): `$XDG_CONFIG_HOME/concur-extract`, else `$HOME/.config/concur-extract`.
///
/// An `XDG_*` variable that is empty or not an absolute path is ignored, as the specification says. `$HOME` is
/// used when set; the passwd entry only when it is not.
///
/// ```swift
/// let directories = BaseDirectories(environment: ["HOME": "/tmp/h"])
/// directories.data.path    // "/tmp/h/.local/share/concur-extract"
/// ```
struct BaseDirectories: Sendable {
    var data: URL
    var state: URL
    var config: URL

    static let application = "concur-extract"

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let home = Self.home(environment)
        func base(_ variable: String, _ fallback: String) -> URL {
            if let value = environment[variable], value.hasPrefix("/") {
                return URL(fileURLWithPath: value, isDirectory: true).appendingPathComponent(Self.application)
            }
            return home.appendingPathComponent(fallback).appendingPathComponent(Self.application)
        }
        data = base("XDG_DATA_HOME", ".local/share")
        state = base("XDG_STATE_HOME", ".local/state")
        config = base("XDG_CONFIG_HOME", ".config")
    }

    /// `$HOME` when it is an absolute path, else the user's passwd entry.
    static func home(_ environment: [String: String]) -> URL {
        if let home = environment["HOME"], home.hasPrefix("/") {
            return URL(fileURLWithPath: home, isDirectory: true)
        }
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
            return URL(fileURLWithPath: String(cString: directory), isDirectory: true)
        }
        return FileManager.default.homeDirectoryForCurrentUser
    }
}
