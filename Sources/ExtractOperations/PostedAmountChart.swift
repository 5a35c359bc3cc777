import AccountingExtract
import Foundation
import Ledger

/// The chart of amounts posted per day and account, drawn on the server as inline SVG: one chart per currency
/// (amounts of different currencies never add up), a stacked bar per day whose parts are the accounts' debits,
/// a labelled amount axis and date axis, and a tooltip (`<title>`) on every part. No script, no external asset.
///
/// ```swift
/// let charts = PostedAmountChart.charts(of: page.postedByDay)
/// print(charts.first?.svg ?? "")   // <svg viewBox="0 0 720 320" role="img" …
/// ```
struct PostedAmountChart: Sendable, Hashable {
    /// One account's colour in the legend.
    struct LegendEntry: Sendable, Hashable {
        var account: String
        var color: String
    }

    var currency: String
    var svg: String
    var legend: [LegendEntry]
    /// Total debits of the days charted.
    var total: Amount

    /// Colours that stay apart for the colour-blind (Okabe–Ito), then a few more; they repeat beyond.
    static let palette = [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999",
        "#8C564B", "#1F3B73", "#9ACD32", "#FF7F7F", "#6A3D9A", "#B15928", "#2CA6A4",
    ]
    static let width = 720.0
    static let height = 320.0
    static let left = 92.0
    static let right = 12.0
    static let top = 16.0
    static let bottom = 84.0

    /// One chart per currency (sorted by code) of the given days; none when nothing was posted.
    static func charts(of days: [DailyPostedAmount]) -> [PostedAmountChart] {
        let currencies = Set(days.map(\.currency)).sorted()
        return currencies.map { currency in chart(of: days.filter { $0.currency == currency }, currency: currency) }
    }

    static func chart(of days: [DailyPostedAmount], currency: String) -> PostedAmountChart {
        let dates = Set(days.map(\.postingDate)).sorted()
        let accounts = Set(days.map(\.account)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let colors = Dictionary(
            uniqueKeysWithValues: accounts.enumerated().map { ($1, palette[$0 % palette.count]) }
        )
        // A day's bar: its accounts' debits (a company's accounts of the same code add up).
        var stacks: [CalendarDate: [(account: String, amount: Amount)]] = [:]
        for date in dates {
            var byAccount: [String: Amount] = [:]
            for day in days where day.postingDate == date { byAccount[day.account, default: .zero] += day.debit }
            stacks[date] = accounts.compactMap { (account: String) -> (account: String, amount: Amount)? in
                guard let amount = byAccount[account], amount.tenThousandths > 0 else { return nil }
                return (account: account, amount: amount)
            }
        }
        let dayTotals = dates.map { date in (stacks[date] ?? []).reduce(Amount.zero) { $0 + $1.amount } }
        let total = dayTotals.reduce(Amount.zero, +)
        let maximum = niceCeiling(Double(dayTotals.map(\.tenThousandths).max() ?? 0) / 10_000)

        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let slot = plotWidth / Double(max(1, dates.count))
        let barWidth = max(1, min(48, slot * 0.7))
        func y(_ value: Double) -> Double { top + plotHeight - (maximum > 0 ? value / maximum * plotHeight : 0) }

        let label = "Debits posted per day and account, \(currency)"
        var svg =
            "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(MoneyText.escaped(label))\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title>\(MoneyText.escaped(label))</title>"
        // The amount axis: five ticks from zero with grid lines, and its title.
        for tick in 0...4 {
            let value = maximum * Double(tick) / 4
            let position = y(value)
            svg += "<line class=\"grid\" x1=\"\(f(left))\" y1=\"\(f(position))\" x2=\"\(f(width - right))\" y2=\"\(f(position))\"/>"
            let text = compact(value)
            svg += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(position + 4))\" text-anchor=\"end\">\(MoneyText.escaped(text))</text>"
        }
        svg += "<text class=\"axis\" transform=\"translate(14 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(MoneyText.escaped(currency))</text>"
        // The bars, and the dates under them (as many as fit).
        let every = max(1, Int((Double(dates.count) / 14).rounded(.up)))
        for (index, date) in dates.enumerated() {
            let x = left + slot * Double(index) + (slot - barWidth) / 2
            var base = 0.0
            for part in stacks[date] ?? [] {
                let value = Double(part.amount.tenThousandths) / 10_000
                let upper = y(base + value)
                let lower = y(base)
                let tip = "\(date) · \(part.account): \(MoneyText.amount(part.amount, currency: currency)) \(currency)"
                svg += "<rect x=\"\(f(x))\" y=\"\(f(upper))\" width=\"\(f(barWidth))\" height=\"\(f(max(0.5, lower - upper)))\" fill=\"\(colors[part.account] ?? "#999999")\"><title>\(MoneyText.escaped(tip))</title></rect>"
                base += value
            }
            if index % every == 0 {
                let cx = left + slot * Double(index) + slot / 2
                let baseline = top + plotHeight + 14
                svg += "<text class=\"tick\" x=\"\(f(cx))\" y=\"\(f(baseline))\" text-anchor=\"end\" transform=\"rotate(-40 \(f(cx)) \(f(baseline)))\">\(MoneyText.escaped(date.description))</text>"
            }
        }
        svg += "<line class=\"axis-line\" x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(width - right))\" y2=\"\(f(top + plotHeight))\"/>"
        svg += "<text class=\"axis\" x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 4))\" text-anchor=\"middle\">posting date</text>"
        svg += "</svg>"
        return PostedAmountChart(
            currency: currency,
            svg: svg,
            legend: accounts.map { LegendEntry(account: $0, color: colors[$0] ?? "#999999") },
            total: total
        )
    }

    /// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value` (0 for 0): round tick values.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 0 }
        var power = 1.0
        while power * 10 <= value { power *= 10 }
        while power > value { power /= 10 }
        for step in [1.0, 2.0, 2.5, 5.0, 10.0] where step * power >= value { return step * power }
        return 10 * power
    }

    /// A tick's value, short enough for a phone: `0`, `750`, `6.25k`, `1.5M` (the exact amounts are in the
    /// tooltips and the tables).
    static func compact(_ value: Double) -> String {
        let (scaled, suffix) = value >= 1e6 ? (value / 1e6, "M") : value >= 1e3 ? (value / 1e3, "k") : (value, "")
        var text = String(format: "%.2f", scaled)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + suffix
    }

    /// A coordinate with at most one decimal.
    static func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
