/// The version of fnsim and its library, written into results (`results.json`, the
/// results store) so that every result names the code that made it.
public enum FnsimVersion {
    public static let string = "0.1.0"
}
