import Domain
import Vapor

extension Application {
    /// Every route of the application, with the action each requires. Read this to see the whole surface.
    /// Imports may be large: 100,000 employees are about 12 MB of CSV.
    static let importLimit: ByteCount = "64mb"

    func registerRoutes() throws {
        registerPlatformRoutes()
        registerOrganisationRoutes()
        registerNetworkRoutes()
        registerHardwareRoutes()
        registerContractsRoutes()
        registerSoftwareRoutes()
        registerCablingRoutes()
        registerMonitoringRoutes()
        registerUsageRoutes()
        registerPeopleRoutes()
    }
}
