/// How many decimals a currency's minor unit has (ISO 4217): 2 unless the table says otherwise.
///
/// ```swift
/// CurrencyMinorUnit.decimals(of: "JPY")   // 0
/// CurrencyMinorUnit.decimals(of: "KWD")   // 3
/// CurrencyMinorUnit.decimals(of: "EUR")   // 2
/// ```
public enum CurrencyMinorUnit {
    /// ISO 4217's currencies whose minor unit is not a hundredth.
    static let exceptions: [String: Int] = [
        "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0, "RWF": 0,
        "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
        "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
        "CLF": 4, "UYW": 4,
    ]

    /// The decimals of `currency` (an ISO 4217 code, any case); 2 for a code the table does not list.
    public static func decimals(of currency: String) -> Int {
        exceptions[currency.uppercased()] ?? 2
    }
}

extension Amount {
    /// The amount rounded to `decimals` places (0…4), half away from zero, as accountants round.
    ///
    /// ```swift
    /// try Amount(parsing: "12.345").rounded(toDecimals: 2)    // 12.3500
    /// try Amount(parsing: "-12.345").rounded(toDecimals: 2)   // -12.3500
    /// ```
    public func rounded(toDecimals decimals: Int) -> Amount {
        let places = min(max(decimals, 0), Self.scale)
        var step: Int64 = 1
        for _ in places..<Self.scale { step *= 10 }
        guard step > 1 else { return self }
        let magnitude = tenThousandths.magnitude
        let remainder = magnitude % UInt64(step)
        var rounded = magnitude - remainder
        if remainder * 2 >= UInt64(step) { rounded += UInt64(step) }
        let value = Int64(clamping: rounded)
        return Amount(tenThousandths: tenThousandths < 0 ? -value : value)
    }
}
