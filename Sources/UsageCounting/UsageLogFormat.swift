import Crypto
import Domain
import Foundation
import LogFormats

/// The log formats Quartermaster reads.
package enum UsageLogFormat: String, CaseIterable, Codable, Sendable {
    case squid, combined, postfix
}
