import Foundation
import Testing

@testable import Domain

@Suite("Evaluation ranking")
struct EvaluationRankingTests {
    let quality = EvaluationRanking.Criterion(id: UUID(), kind: .scored, weight: 50)
    let battery = EvaluationRanking.Criterion(id: UUID(), kind: .scored, weight: 20)
    let price = EvaluationRanking.Criterion(id: UUID(), kind: .price, weight: 30)

    func candidate(_ name: String, _ euros: Int64?, quality q: Int?, battery b: Int?) -> EvaluationRanking.Candidate {
        var scores: [UUID: Int] = [:]
        if let q { scores[quality.id] = q }
        if let b { scores[battery.id] = b }
        return .init(id: UUID(), name: name, price: euros.map { Money(minorUnits: $0 * 100, currency: .eur) }, scores: scores)
    }

    @Test("The weighted mean decides; the cheapest scores 10 on price and the others in proportion")
    func weightedRanking() {
        let thinkpad = candidate("ThinkPad T14", 1_300, quality: 9, battery: 8)
        let latitude = candidate("Latitude 5440", 1_040, quality: 7, battery: 9)
        let elitebook = candidate("EliteBook 840", 1_560, quality: 8, battery: 6)
        let ranking = EvaluationRanking(criteria: [quality, battery, price], candidates: [thinkpad, latitude, elitebook])
        // ThinkPad: 50×9 + 20×8 + 30×8 (1040/1300 = 0.8) = 850 / 100 → 8.50
        // Latitude: 50×7 + 20×9 + 30×10 = 830 → 8.30; EliteBook: 50×8 + 20×6 + 30×7 (0.667 → 7) = 730 → 7.30
        #expect(ranking.entries.map(\.candidateID) == [thinkpad.id, latitude.id, elitebook.id])
        #expect(ranking.entries.map(\.total) == [850, 830, 730])
        #expect(ranking.entries.map(\.rank) == [1, 2, 3])
        #expect(ranking.entries[2].scores[price.id] == 7)
        #expect(ranking.priceProblem == nil)
    }

    @Test("Equal totals share a rank; the cheaper is listed first")
    func ties() {
        let a = candidate("A", 900, quality: 8, battery: 8)
        let b = candidate("B", 800, quality: 8, battery: 8)
        let ranking = EvaluationRanking(criteria: [quality, battery], candidates: [a, b])
        #expect(ranking.entries.map(\.candidateID) == [b.id, a.id])
        #expect(ranking.entries.map(\.rank) == [1, 1])
        #expect(ranking.entries[0].total == 800)
    }

    @Test("A missing score counts as zero and is reported; a price criterion without every price cannot be computed")
    func missingScoresAndPrices() {
        let a = candidate("A", nil, quality: 10, battery: nil)
        let b = candidate("B", 500, quality: 5, battery: 5)
        let ranking = EvaluationRanking(criteria: [quality, battery, price], candidates: [a, b])
        #expect(ranking.priceProblem == .missingPrice)
        let first = ranking.entries.first { $0.candidateID == a.id }!
        #expect(Set(first.missing) == [battery.id, price.id])
        #expect(first.total == 500)  // 50×10 / 100
        let mixed = EvaluationRanking(
            criteria: [price],
            candidates: [
                .init(id: UUID(), name: "EUR", price: Money(minorUnits: 100, currency: .eur), scores: [:]),
                .init(id: UUID(), name: "SEK", price: Money(minorUnits: 1_000, currency: .sek), scores: [:]),
            ])
        #expect(mixed.priceProblem == .mixedCurrencies)
    }

    @Test("Scores outside 0 to 10 are held to the scale; totals round half up to the hundredth")
    func clampingAndRounding() {
        let third = EvaluationRanking.Criterion(id: UUID(), kind: .scored, weight: 3)
        let ranking = EvaluationRanking(
            criteria: [third, EvaluationRanking.Criterion(id: quality.id, kind: .scored, weight: 6)],
            candidates: [.init(id: UUID(), name: "X", price: nil, scores: [third.id: 14, quality.id: 7])])
        // (3×10 + 6×7) / 9 = 8.0
        #expect(ranking.entries[0].total == 800)
        let rounding = EvaluationRanking(
            criteria: [third, EvaluationRanking.Criterion(id: quality.id, kind: .scored, weight: 6)],
            candidates: [.init(id: UUID(), name: "Y", price: nil, scores: [third.id: 1, quality.id: 0])])
        // 3 / 9 = 0.333… → 0.33
        #expect(rounding.entries[0].total == 33)
    }
}
