/// ANSI colour for a terminal: the text in an SGR code ("1" bold, "31" red, "1;31" both) when colour is on,
/// the text as it is when off. The one place that writes colour codes, for the report and the version views.
public struct Paint: Sendable {
    public let on: Bool

    public init(on: Bool) { self.on = on }

    public func callAsFunction(_ text: String, _ code: String) -> String {
        on ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
