extension StateStore {
    /// The digest of the spec `name` was applied from, as recorded (its bytes then, whatever its file holds now):
    /// `sha256:` and 64 hex digits, as docker writes digests.
    public func specDigest(of name: String) throws(ContainerError) -> String {
        "sha256:" + SHA256.hex(try spec(of: name))
    }
}
