import Foundation
import NIOCore
import NIOPosix
import NIOSSL

extension ProbeResult {
    /// What a failed connection means, from the errors SwiftNIO and NIOSSL raise.
    static func classify(_ error: any Error, milliseconds elapsed: Int) -> ProbeResult {
        switch error {
        case ChannelError.connectTimeout:
            return .failed(.timeout, milliseconds: elapsed)
        case let failure as NIOConnectionError:
            if failure.connectionErrors.isEmpty, let dns = failure.dnsAError ?? failure.dnsAAAAError {
                return .failed(.unresolved, "\(failure.host): \(dns)", milliseconds: elapsed)
            }
            if let first = failure.connectionErrors.first?.error { return classify(first, milliseconds: elapsed) }
            return .failed(.unresolved, failure.host, milliseconds: elapsed)
        case let io as IOError where io.errnoCode == ECONNREFUSED:
            return .failed(.refused, milliseconds: elapsed)
        case let io as IOError where io.errnoCode == ETIMEDOUT:
            return .failed(.timeout, milliseconds: elapsed)
        case let extra as NIOSSLExtraError where extra == .failedToValidateHostname:
            return .failed(.hostnameMismatch, String(describing: extra), milliseconds: elapsed)
        case NIOSSLError.handshakeFailed(let reason):
            let text = String(describing: reason)
            let chain = text.contains("CERTIFICATE_VERIFY_FAILED") || text.lowercased().contains("certificate verify failed")
            return .failed(chain ? .chainInvalid : .tlsFailed, text, milliseconds: elapsed)
        case let ssl as NIOSSLError:
            return .failed(.tlsFailed, String(describing: ssl), milliseconds: elapsed)
        default:
            return .failed(.connectFailed, String(describing: error), milliseconds: elapsed)
        }
    }
}
