import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension ICMPProbe {
    struct Target {
        let family: Int32
        let address: sockaddr_storage
        let length: socklen_t
    }

    static func resolve(_ host: String) -> Target? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &results) == 0, let first = results else { return nil }
        defer { freeaddrinfo(results) }
        // IPv4 first when the name has both: the network most checks watch.
        var chosen: UnsafeMutablePointer<addrinfo>? = first
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if entry.pointee.ai_family == AF_INET {
                chosen = entry
                break
            }
            cursor = entry.pointee.ai_next
        }
        guard let entry = chosen, let address = entry.pointee.ai_addr else { return nil }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) {
            $0.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(entry.pointee.ai_addrlen)))
        }
        return Target(family: entry.pointee.ai_family, address: storage, length: entry.pointee.ai_addrlen)
    }
}
