extension SpecSchema {
    /// The `$id` of `schema/mydocker-spec.schema.json` (editors find the file through the `$schema` modeline).
    public static let schemaID = "urn:mydocker:schema:spec"

    /// `schema/mydocker-spec.schema.json` (JSON Schema draft-07), generated from the same table the loader uses.
    /// A test fails when the committed file differs from this text.
    public static var jsonText: String {
        var members: [(String, JSONValue)] = [
            ("$schema", .string("http://json-schema.org/draft-07/schema#")),
            ("$id", .string(schemaID)),
            ("title", .string("mydocker container spec")),
        ]
        if case .object(let body) = json(.object(spec), description: spec.description) {
            members += body
        }
        return JSONValue.object(members).rendered() + "\n"
    }

    private static func json(_ type: SchemaType, description: String?) -> JSONValue {
        var m: [(String, JSONValue)] = []
        if let description { m.append(("description", .string(description))) }
        switch type {
        case .string(let pattern):
            m.append(("type", .string("string")))
            if let pattern { m.append(("pattern", .string(pattern))) }
        case .boolean:
            m.append(("type", .string("boolean")))
        case .integer(let minimum, let maximum):
            m.append(("type", .string("integer")))
            m.append(("minimum", .int(minimum)))
            m.append(("maximum", .int(maximum)))
        case .unsignedInteger(let minimum, let maximum):
            m.append(("type", .string("integer")))
            m.append(("minimum", .uint(minimum)))
            m.append(("maximum", .uint(maximum)))
        case .enumeration(let values):
            m.append(("type", .string("string")))
            m.append(("enum", .array(values.map(JSONValue.string))))
        case .array(let items, let minItems):
            m.append(("type", .string("array")))
            if minItems > 0 { m.append(("minItems", .int(Int64(minItems)))) }
            m.append(("items", json(items, description: nil)))
        case .oneOf(let options):
            m.append(("oneOf", .array(options.map { json($0, description: nil) })))
        case .object(let object):
            if description == nil { m.append(("description", .string(object.description))) }
            m.append(("type", .string("object")))
            m.append(("additionalProperties", object.additionalProperties.map { json($0, description: nil) } ?? .bool(false)))
            if let pattern = object.keyPattern { m.append(("propertyNames", .object([("pattern", .string(pattern))]))) }
            if !object.required.isEmpty { m.append(("required", .array(object.required.map(JSONValue.string)))) }
            m.append(("properties", .object(object.properties.map { ($0.name, json($0.type, description: $0.description)) })))
        }
        return .object(m)
    }
}
