import Domain
import Foundation
import Testing

@testable import App

@Suite("Configuration")
struct ConfigurationTests {
    @Test("With nothing set, Quartermaster uses the SQLite file on 127.0.0.1:8080")
    func defaults() throws {
        let config = try AppConfig.load(overrides: .init(), environment: [:])
        #expect(config.database == .sqlite(path: "quartermaster.sqlite"))
        #expect(config.hostname == "127.0.0.1" && config.port == 8080)
        #expect(!config.trustForwardedFor)
    }

    @Test("An office behind one address can allow more failed sign-ins from it")
    func signInFailuresPerAddress() throws {
        #expect(try AppConfig.load(overrides: .init(), environment: [:]).signInFailuresPerAddress == 20)
        let config = try AppConfig.load(overrides: .init(), environment: ["QM_SIGNIN_FAILURES_PER_ADDRESS": "500"])
        #expect(config.signInFailuresPerAddress == 500)
    }

    @Test("Flags beat the environment, which beats the config file")
    func precedence() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qm-config-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"QM_PORT": 9000, "QM_HOSTNAME": "0.0.0.0", "QM_SESSION_IDLE_MINUTES": "45", "QM_SECURE_COOKIES": true}"#.utf8).write(
            to: file)
        let environment = ["QM_CONFIG": file.path, "QM_PORT": "9100"]
        let config = try AppConfig.load(overrides: .init(port: 9200), environment: environment)
        #expect(config.port == 9200)
        #expect(try AppConfig.load(overrides: .init(), environment: environment).port == 9100)
        #expect(config.hostname == "0.0.0.0")
        #expect(config.sessionIdleMinutes == 45)
        #expect(config.secureCookies)
    }

    @Test(
        "A bad setting is reported by name, never with its value",
        arguments: [
            (["QM_PORT": "eighty-eighty"], "QM_PORT"), (["QM_PORT": "70000"], "QM_PORT"), (["QM_BCRYPT_COST": "2"], "QM_BCRYPT_COST"),
            (["QM_SECURE_COOKIES": "perhaps"], "QM_SECURE_COOKIES"), (["DATABASE_URL": "mysql://root:topsecret@db/qm"], "DATABASE_URL"),
            (["DATABASE_URL": "postgres://user:topsecret@"], "DATABASE_URL"), (["DATABASE_URL": "sqlite:"], "DATABASE_URL"),
            (["QM_LOG_LEVEL": "loud"], "QM_LOG_LEVEL"), (["QM_CONFIG": "/nonexistent/qm.json"], "QM_CONFIG"),
            (["QM_SECRET_KEY": "dG9wc2VjcmV0"], "QM_SECRET_KEY"), (["QM_SECRET_KEY_FILE": ""], "QM_SECRET_KEY_FILE"),
            (["QM_SIGNIN_FAILURES_PER_ADDRESS": "2"], "QM_SIGNIN_FAILURES_PER_ADDRESS"),
        ])
    func badSetting(_ environment: [String: String], _ setting: String) {
        do {
            _ = try AppConfig.load(overrides: .init(), environment: environment)
            Issue.record("\(environment) was accepted")
        } catch let error as AppConfig.Invalid {
            #expect(error.setting == setting)
            #expect(!error.description.contains("topsecret"))
            for value in environment.values where value.count > 10 { #expect(!error.description.contains(value)) }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("Without a key, the sealing key is made once beside the SQLite file, readable by its owner only, and kept")
    func sealingKeyFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qm-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try AppConfig.load(
            overrides: .init(database: "sqlite:" + directory.appendingPathComponent("qm.sqlite").path), environment: [:])
        let path = directory.appendingPathComponent("quartermaster.key").path
        #expect(config.effectiveSecretKeyFile == path)
        let sealed = try SecretBox.load(config).seal("K-1", boundTo: "x")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try SecretBox.load(config).open(sealed, boundTo: "x") == "K-1")  // the second start reads the same key
        try Data("not a key".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: AppConfig.Invalid.self) { try SecretBox.load(config) }
    }

    @Test("PostgreSQL URLs are accepted in both spellings")
    func postgresURLs() throws {
        for url in ["postgres://qm:pw@localhost:5432/qm", "postgresql://qm@db.internal/qm?tlsmode=disable"] {
            #expect(try AppConfig.parseDatabase(url, setting: "DATABASE_URL") == .postgres(url: url))
        }
    }
}
