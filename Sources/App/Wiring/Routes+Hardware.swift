import Domain
import Vapor

extension Application {
    /// Inventory: assets and models, imports, the refresh forecast, stocktake, custom fields and search.
    func registerHardwareRoutes() {
        let transfer = FileTransfer()
        let assetFiles = transfer.handlers(TransferTable.assets)
        let modelFiles = transfer.handlers(TransferTable.models)
        let hardware = AssetPages()
        let assets = AssetAPIController()
        let forecast = RefreshForecastPages()
        let forecastAPI = RefreshForecastAPIController()
        let stocktake = StocktakePages()
        let stocktakeAPI = StocktakeAPIController()
        let search = SearchPages()
        let searchAPI = SearchAPIController()
        let customFields = CustomFieldPages()
        let customFieldsAPI = CustomFieldAPIController()

        // Pages
        on(.GET, .hardware, .action(.readInventory), use: hardware.list)
        on(.POST, .hardware, .action(.manageInventory), use: hardware.create)
        on(.GET, .hardwareNew, .action(.manageInventory), use: hardware.new)
        on(.POST, .hardwareBulk, .action(.manageInventory), use: hardware.bulk)
        on(.GET, .hardwareAsset, .action(.readInventory), use: hardware.detail)
        on(.POST, .hardwareAsset, .action(.manageInventory), use: hardware.update)
        on(.GET, .hardwareAssetEdit, .action(.manageInventory), use: hardware.edit)
        on(.POST, .hardwareAssetMove, .action(.manageInventory), use: hardware.move)
        on(.GET, .hardwareForecast, .action(.readInventoryReports), use: forecast.page)
        on(.GET, .hardwareForecastExport, .action(.readInventoryReports), use: forecast.export)
        on(.GET, .search, .action(.readInventory), use: search.page)
        on(.GET, .hardwareStocktake, .action(.readInventory), use: stocktake.page)
        on(.POST, .hardwareStocktake, .action(.manageInventory), use: stocktake.record)
        on(.GET, .hardwareFields, .action(.readInventory), use: customFields.page)
        on(.POST, .hardwareFields, .action(.manageInventory), use: customFields.add)
        on(.GET, .hardwareField, .action(.manageInventory), use: customFields.edit)
        on(.POST, .hardwareField, .action(.manageInventory), use: customFields.save)
        on(.POST, .hardwareFieldRemove, .action(.manageInventory), use: customFields.remove)
        on(.GET, .hardwareImport, .action(.manageInventory), use: assetFiles.page)
        on(.POST, .hardwareImport, .action(.manageInventory), body: .collect(maxSize: Self.importLimit), use: assetFiles.upload)
        on(.GET, .hardwareExport, .action(.readInventory), use: assetFiles.download)
        on(.GET, .hardwareModelsImport, .action(.manageInventory), use: modelFiles.page)
        on(.POST, .hardwareModelsImport, .action(.manageInventory), body: .collect(maxSize: Self.importLimit), use: modelFiles.upload)
        on(.GET, .hardwareModelsExport, .action(.readInventory), use: modelFiles.download)
        on(.GET, .hardwareModels, .action(.readInventory), use: hardware.models)
        on(.POST, .hardwareModels, .action(.manageInventory), use: hardware.saveModel)
        on(.GET, .hardwareModel, .action(.manageInventory), use: hardware.editModel)
        on(.POST, .hardwareModel, .action(.manageInventory), use: hardware.saveModel)
        on(.GET, .myEquipment, .action(.useWorkspace), use: hardware.mine)
        on(.POST, .myEquipmentReceipt, .action(.useWorkspace), use: hardware.confirmReceipt)

        // JSON API
        on(.GET, .apiAssetModels, .action(.readInventory), doc: AssetAPIDocs.listModels, use: assets.listModels)
        on(.POST, .apiAssetModels, .action(.manageInventory), doc: AssetAPIDocs.createModel, use: assets.createModel)
        on(.GET, .apiAssetModel, .action(.readInventory), doc: AssetAPIDocs.getModel, use: assets.getModel)
        on(.PATCH, .apiAssetModel, .action(.manageInventory), doc: AssetAPIDocs.updateModel, use: assets.updateModel)
        on(.GET, .apiSearch, .action(.readInventory), doc: SearchAPIDocs.search, use: searchAPI.search)
        on(.GET, .apiCustomFields, .action(.readInventory), doc: CustomFieldAPIDocs.list, use: customFieldsAPI.list)
        on(.POST, .apiCustomFields, .action(.manageInventory), doc: CustomFieldAPIDocs.create, use: customFieldsAPI.create)
        on(.PATCH, .apiCustomField, .action(.manageInventory), doc: CustomFieldAPIDocs.update, use: customFieldsAPI.update)
        on(.DELETE, .apiCustomField, .action(.manageInventory), doc: CustomFieldAPIDocs.delete, use: customFieldsAPI.delete)
        on(.POST, .apiAssetSightings, .action(.manageInventory), doc: StocktakeAPIDocs.record, use: stocktakeAPI.record)
        on(.GET, .apiAssetsUnseen, .action(.readInventory), doc: StocktakeAPIDocs.unseen, use: stocktakeAPI.unseen)
        on(.GET, .apiAssetForecast, .action(.readInventoryReports), doc: RefreshForecastAPIDocs.forecast, use: forecastAPI.forecast)
        on(.GET, .apiAssets, .action(.readInventory), doc: AssetAPIDocs.listAssets, use: assets.listAssets)
        on(.POST, .apiAssets, .action(.manageInventory), doc: AssetAPIDocs.createAsset, use: assets.createAsset)
        on(.GET, .apiAsset, .action(.readInventory), doc: AssetAPIDocs.getAsset, use: assets.getAsset)
        on(.PATCH, .apiAsset, .action(.manageInventory), doc: AssetAPIDocs.updateAsset, use: assets.updateAsset)
        on(.POST, .apiAssetMoves, .action(.manageInventory), doc: AssetAPIDocs.moveAsset, use: assets.moveAsset)
        on(.GET, .apiAssetHistory, .action(.readInventory), doc: AssetAPIDocs.history, use: assets.history)
        on(.GET, .apiMyAssets, .action(.useWorkspace), doc: AssetAPIDocs.myAssets, use: assets.myAssets)
        on(.POST, .apiMyAssetReceipt, .action(.useWorkspace), doc: AssetAPIDocs.confirmReceipt, use: assets.confirmReceipt)
        on(
            .POST, .apiAssetsImport, .action(.manageInventory), doc: AssetAPIDocs.importAssets, body: .collect(maxSize: Self.importLimit),
            use: assetFiles.apiImport)
        on(.GET, .apiAssetsExport, .action(.readInventory), doc: AssetAPIDocs.exportAssets, use: assetFiles.download)
        on(
            .POST, .apiAssetModelsImport, .action(.manageInventory), doc: AssetAPIDocs.importModels,
            body: .collect(maxSize: Self.importLimit),
            use: modelFiles.apiImport)
        on(.GET, .apiAssetModelsExport, .action(.readInventory), doc: AssetAPIDocs.exportModels, use: modelFiles.download)
    }
}
