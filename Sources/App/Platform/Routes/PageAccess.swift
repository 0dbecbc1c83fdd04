import Vapor

/// The access rule of every page, found by the path a link points to: a page links a person only to pages they
/// may open, and shows the name as plain text otherwise (issue 18: the executive's forecast linked 151 assets that
/// answered 403). The rules are the ones the routes were registered with, so the two can never disagree.
struct PageAccess: Sendable {
    private enum Segment: Sendable, Equatable {
        case constant(String)
        case parameter
        case rest
    }

    private let pages: [(segments: [Segment], access: Access)]

    init(_ routes: [Route]) {
        pages = routes.compactMap { route in
            guard route.method == .GET, let access = route.access else { return nil }
            let segments = route.path.map { component -> Segment in
                switch component {
                case .constant(let text): .constant(text)
                case .parameter, .anything: .parameter
                case .catchall: .rest
                }
            }
            return (segments, access)
        }
    }

    /// The rule of the page at `href` (its query ignored), or nil when no page answers there. As the router does, a
    /// fixed path wins over one with a parameter in its place (`/hardware/forecast` over `/hardware/:id`).
    func access(of href: String) -> Access? {
        let path = href.split(separator: "?", maxSplits: 1).first ?? ""
        let parts = path.split(separator: "/").map(String.init)
        var best: (constants: Int, access: Access)?
        for page in pages {
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
