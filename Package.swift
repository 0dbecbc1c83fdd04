// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Quartermaster",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "quartermaster", targets: ["quartermaster"]),
        .library(name: "App", targets: ["App"]),
        .library(name: "Domain", targets: ["Domain"]),
        .library(name: "Probes", targets: ["Probes"]),
        .library(name: "Directory", targets: ["Directory"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        // Named because App writes SQL through SQLKit directly (79 files import it); Fluent brings it either way.
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Pure Swift: no Vapor, no Fluent, no I/O. Tests in milliseconds.
        .target(
            name: "Domain",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // Network checks over SwiftNIO and AsyncHTTPClient: no database, no Vapor.
        .target(
            name: "Probes",
            dependencies: [
                "Domain",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(
            name: "App",
            dependencies: [
                "Domain",
                "Probes",
                "LogFormats",
                "UsageCounting",
                "CZlib",
                "Directory",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            resources: [.copy("Resources")]
        ),
        // Parsers of proxy and mail-server logs over bytes: no Foundation, no allocation per line.
        .target(name: "LogFormats"),
        // Usage counted from log lines in memory: reading, attributing to people and sites, the count tables, the domain
        // book. No database, no Vapor: the ingest's hot loop, tested in milliseconds and measured by log-bench.
        .target(name: "UsageCounting", dependencies: ["Domain", "LogFormats"]),
        // OpenLDAP's client library from Debian's libldap-dev: provisioning into a real directory and (later) signing in
        // against it. One LDAP module, used by both; no hand-written protocol.
        .systemLibrary(name: "CLDAP", pkgConfig: "ldap", providers: [.apt(["libldap-dev"])]),
        // A directory server reached through CLDAP: connect with StartTLS or LDAPS, bind, search, add, modify, delete,
        // set a password. No database, no Vapor.
        .target(
            name: "Directory",
            dependencies: [
                "CLDAP",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // zlib from Debian's zlib1g-dev, for reading rotated logs that logrotate compressed (`access.log.2.gz`).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The log parsers' benchmark: parse-only speed over a file (Benchmarks/gen_squid.py writes one), no database.
        .executableTarget(name: "log-bench", dependencies: ["LogFormats", "UsageCounting", "Domain"]),
        .executableTarget(name: "quartermaster", dependencies: ["App"]),
        // The check scheduler's benchmark (scripts/bench-checks): probes and scheduler on real sockets, no database.
        .executableTarget(
            name: "probe-bench",
            dependencies: ["Probes", "Domain", .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .testTarget(name: "LogFormatsTests", dependencies: ["LogFormats"]),
        .testTarget(name: "UsageCountingTests", dependencies: ["UsageCounting", "Domain", "LogFormats"]),
        .testTarget(
            name: "DomainTests",
            dependencies: ["Domain", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "DirectoryTests", dependencies: ["Directory"]),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App",
                "Probes",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            // Logs written by a real Squid and a real Postfix; the tests read them by path.
            exclude: ["Usage/Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
