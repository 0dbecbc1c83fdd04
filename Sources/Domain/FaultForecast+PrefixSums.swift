extension FaultForecast {
    /// Sums over prefixes of the series, so that any segment's least-squares line costs O(1).
    struct PrefixSums {
        let n: [Double], sx: [Double], sy: [Double], sxx: [Double], sxy: [Double], syy: [Double]

        init(x: [Double], y: [Double]) {
            var (n, sx, sy, sxx, sxy, syy) = ([0.0], [0.0], [0.0], [0.0], [0.0], [0.0])
            for (a, b) in zip(x, y) {
                n.append(n.last! + 1)
                sx.append(sx.last! + a)
                sy.append(sy.last! + b)
                sxx.append(sxx.last! + a * a)
                sxy.append(sxy.last! + a * b)
                syy.append(syy.last! + b * b)
            }
            (self.n, self.sx, self.sy, self.sxx, self.sxy, self.syy) = (n, sx, sy, sxx, sxy, syy)
        }

        /// The line through points `lower ..< upper`, its residual sum of squares, and R².
        func line(_ lower: Int, _ upper: Int) -> (slope: Double, intercept: Double, residual: Double, fit: Double) {
            let count = n[upper] - n[lower]
            let (x, y) = (sx[upper] - sx[lower], sy[upper] - sy[lower])
            let varianceX = (sxx[upper] - sxx[lower]) - x * x / count
            let covariance = (sxy[upper] - sxy[lower]) - x * y / count
            let varianceY = (syy[upper] - syy[lower]) - y * y / count
            let slope = varianceX > 1e-12 ? covariance / varianceX : 0
            let intercept = (y - slope * x) / count
            let residual = max(0, varianceY - slope * covariance)
            let fit = varianceY > 1e-12 ? max(0, min(1, 1 - residual / varianceY)) : 1
            return (slope, intercept, residual, fit)
        }
    }
}
