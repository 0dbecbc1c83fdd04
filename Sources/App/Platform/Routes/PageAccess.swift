import Vapor

/// The route table as a lookup by path, for two questions the router does not answer:
/// - the access rule of the page a link points to: a page links a person only to pages they may open, and shows the
///   name as plain text otherwise (issue 18: the executive's forecast linked 151 assets that answered 403);
/// - the methods a path does answer, so a method it does not gets 405 with `Allow`, not 404.
/// The rules are the ones the routes were registered with, so the answers can never disagree with the router.
struct PageAccess: Sendable {
    private enum Segment: Sendable, Equatable {
        case constant(String)
        case parameter
        case rest
    }

    private let pages: [(method: HTTPMethod, segments: [Segment], access: Access)]

    init(_ routes: [Route]) {
        pages = routes.compactMap { route in
            guard let access = route.access else { return nil }
            let segments = route.path.map { component -> Segment in
                switch component {
                case .constant(let text): .constant(text)
                case .parameter, .anything: .parameter
                case .catchall: .rest
                }
            }
            return (route.method, segments, access)
        }
    }

    /// The methods some route answers at `path`, sorted; empty when none does.
    func methods(at path: String) -> [HTTPMethod] {
        let parts = path.split(separator: "/").map(String.init)
        return Set(pages.filter { Self.match($0.segments, parts) != nil }.map(\.method.rawValue)).sorted().map { HTTPMethod(rawValue: $0) }
    }

    /// The rule of the page at `href` (its query ignored), or nil when no page answers there. As the router does, a
    /// fixed path wins over one with a parameter in its place (`/hardware/forecast` over `/hardware/:id`).
    func access(of href: String) -> Access? {
        let path = href.split(separator: "?", maxSplits: 1).first ?? ""
        let parts = path.split(separator: "/").map(String.init)
        var best: (constants: Int, access: Access)?
        for page in pages where page.method == .GET {
            guard let constants = Self.match(page.segments, parts), constants > (best?.constants ?? -1) else { continue }
            best = (constants, page.access)
        }
        return best?.access
    }

    /// How many fixed segments matched, or nil when the path is not this page's.
    private static func match(_ segments: [Segment], _ parts: [String]) -> Int? {
        var constants = 0
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest: return index < parts.count ? constants : nil
            case .parameter: guard index < parts.count else { return nil }
            case .constant(let text):
                guard index < parts.count, parts[index] == text else { return nil }
                constants += 1
            }
        }
        return segments.count == parts.count ? constants : nil
    }
}

extension Application {
    private struct PageAccessKey: StorageKey { typealias Value = PageAccess }

    var pageAccess: PageAccess {
        get { storage[PageAccessKey.self]! }
        set { storage[PageAccessKey.self] = newValue }
    }
}

extension Request {
    /// Whether the signed-in person may open the page at `href`.
    func mayOpen(_ href: String) -> Bool {
        switch application.pageAccess.access(of: href) {
        case .public: true
        case .action(let action): may(action)
        case nil: false
        }
    }

    /// `href` when the signed-in person may follow it, else nil (the page shows the name without a link).
    func link(_ href: String?) -> String? { href.flatMap { mayOpen($0) ? $0 : nil } }
}
