import AccountingExtract

/// Amounts and text as the page shows them: grouped thousands, the currency's decimals (all four when the amount
/// has more), and text escaped for HTML and SVG where the page writes markup itself.
///
/// ```swift
/// MoneyText.amount(Amount(tenThousandths: 12_345_678_900), currency: "USD")   // "1,234,567.89"
/// MoneyText.amount(Amount(tenThousandths: 12_345), currency: "JPY")           // "1.2345" (not a whole yen)
/// MoneyText.escaped("<b>&")                                                   // "&lt;b&gt;&amp;"
/// ```
enum MoneyText {
    /// The amount with `,` between thousands and the currency's minor-unit decimals (2 when none is given), or its
    /// four decimals when rounding would change it: the page never hides a difference.
    static func amount(_ amount: Amount, currency: String? = nil) -> String {
        let decimals = currency.map(CurrencyMinorUnit.decimals(of:)) ?? 2
        let exact = amount.rounded(toDecimals: decimals) == amount
        let text = amount.formatted()
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        let integer = String(parts.first ?? "0")
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        if exact { fraction = String(fraction.prefix(decimals)) }
        var grouped = ""
        for (index, character) in integer.enumerated() {
            if index > 0, (integer.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (negative ? "-" : "") + grouped + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by their entities.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
