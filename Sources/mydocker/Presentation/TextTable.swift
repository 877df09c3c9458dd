/// Rows of cells as `ps` and `stats` print them: each column as wide as its widest cell, three spaces apart, the
/// last one unpadded.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ row: [String]) -> String {
            var text = ""
            for (index, cell) in row.enumerated() {
                text += index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 3)
            }
            return text + "\n"
        }
        return ([header] + rows).map(line).joined()
    }
}
