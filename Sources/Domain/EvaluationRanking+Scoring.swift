import Foundation

extension EvaluationRanking {
    public init(criteria: [Criterion], candidates: [Candidate]) {
        var priceScores: [UUID: Int] = [:]
        var problem: PriceProblem?
        if criteria.contains(where: { $0.kind == .price }) {
            let prices = candidates.compactMap(\.price)
            if prices.count < candidates.count {
                problem = .missingPrice
            } else if Set(prices.map(\.currency)).count > 1 {
                problem = .mixedCurrencies
            } else if let cheapest = prices.map(\.minorUnits).filter({ $0 > 0 }).min() {
                for candidate in candidates {
                    let price = candidate.price!.minorUnits
                    // cheapest / price × 10, rounded half up; a free candidate scores 10.
                    priceScores[candidate.id] = price <= 0 ? 10 : Int((cheapest * 20 + price) / (2 * price))
                }
            } else {
                for candidate in candidates { priceScores[candidate.id] = 10 }
            }
        }
        priceProblem = problem
        let weights = criteria.reduce(0) { $0 + $1.weight }
        var scored: [(candidate: Candidate, total: Int, scores: [UUID: Int], missing: [UUID])] = []
        for candidate in candidates {
            var used: [UUID: Int] = [:]
            var missing: [UUID] = []
            var sum = 0
            for criterion in criteria {
                let score: Int?
                switch criterion.kind {
                case .scored: score = candidate.scores[criterion.id].map { min(10, max(0, $0)) }
                case .price: score = priceScores[candidate.id]
                }
                if let score { used[criterion.id] = score } else { missing.append(criterion.id) }
                sum += criterion.weight * (score ?? 0)
            }
            // Σ weight × score / Σ weight, in hundredths, rounded half up.
            let total = weights == 0 ? 0 : (sum * 200 + weights) / (2 * weights)
            scored.append((candidate, total, used, missing))
        }
        // Best first; on equal totals the cheaper (same currency) and then the name decide the order, not the rank.
        scored.sort { a, b in
            if a.total != b.total { return a.total > b.total }
            if let x = a.candidate.price, let y = b.candidate.price, x.currency == y.currency, x.minorUnits != y.minorUnits {
                return x.minorUnits < y.minorUnits
            }
            return a.candidate.name < b.candidate.name
        }
        var entries: [Entry] = []
        for (index, item) in scored.enumerated() {
            let rank = index > 0 && scored[index - 1].total == item.total ? entries[index - 1].rank : index + 1
            entries.append(Entry(candidateID: item.candidate.id, rank: rank, total: item.total, scores: item.scores, missing: item.missing))
        }
        self.entries = entries
    }
}
