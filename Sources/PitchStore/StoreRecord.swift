import Foundation
import GRDB

/// A value read from the store, decoded by GRDB from a row. What the records share is how `Schema` names and
/// stores values: a snake_case column is the camelCase property, with `ID` in capitals (`pitch_id` is `pitchID`);
/// dates are REAL seconds since 1970; JSON columns are as `PitchStore.encode` writes them.
protocol StoreRecord: FetchableRecord, Decodable {
    /// The columns whose property has another name than the rule gives (`from_name` is `from`).
    static var renamedColumns: [String: String] { get }
}

extension StoreRecord {
    static var renamedColumns: [String: String] { [:] }

    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy {
        .custom { column in PropertyKey(stringValue: renamedColumns[column] ?? propertyName(forColumn: column)) }
    }

    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .timeIntervalSince1970
    }

    public static func databaseJSONDecoder(for column: String) -> JSONDecoder { PitchStore.jsonDecoder() }
}

/// `pitch_id` → `pitchID`, `created_at` → `createdAt`, `id` → `id`.
func propertyName(forColumn column: String) -> String {
    let words = column.split(separator: "_")
    guard let first = words.first else { return column }
    let rest = words.dropFirst().map { $0 == "id" ? "ID" : $0.prefix(1).uppercased() + $0.dropFirst() }
    return String(first) + rest.joined()
}

private struct PropertyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer {
    /// Texts are stored as UTF-8 BLOBs so that every character comes back, NUL included. They are read as bytes:
    /// GRDB reads a `String` through a C string, which would end at the first NUL.
    func decodeUTF8Text(forKey key: Key) throws -> String {
        String(decoding: try decode(Data.self, forKey: key), as: UTF8.self)
    }
}
