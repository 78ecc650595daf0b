import Foundation

/// A text file read in chunks and handed out one line at a time as bytes, so that a trace
/// of any size is parsed holding one chunk (1 MiB; more only for a longer line).
///
/// Lines end where Swift's `Character.isNewline` ends them — LF, CR, CRLF, VT, FF and, in
/// UTF-8, NEL, LS and PS — so line numbers agree with splitting the decoded text, as the
/// reader did before it streamed; an empty last line is no line, and one byte-order mark at
/// the start is skipped (as decoding with Foundation does). Bytes are not decoded: a line
/// with bytes above 127 says so (`lineIsASCII`), and its parser validates and decodes it.
/// A value, not an object: its state is checked for exclusive access when compiled.
struct TraceReader: ~Copyable {
    private let fd: Int32
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    /// Unconsumed bytes are buffer[start..<end]; the next line break is searched from `scan`.
    private var start = 0, end = 0, scan = 0
    private var atEOF = false
    private var startChecked = false
    /// The OR of the line's bytes scanned so far (before a refill).
    private var scannedHigh: UInt8 = 0
    /// Called with every chunk as it is read (the loader hashes the file's first reading).
    private let onChunk: ((UnsafeBufferPointer<UInt8>) -> Void)?
    /// The number of the line last returned, from 1.
    private(set) var lineNumber = 0
    /// Whether the line last returned has only bytes below 128.
    private(set) var lineIsASCII = true
    /// Bytes read from the file so far, and of those, bytes handed out (lines and breaks).
    private(set) var bytesRead: Int64 = 0
    var bytesConsumed: Int64 { bytesRead - Int64(end - start) }
    /// The error of a failed read(2) (the lines end there), or nil.
    private(set) var readError: Int32?

    /// Opens `path` for reading, or returns nil with `errno` set.
    init?(path: String, chunkSize: Int = 1 << 20, onChunk: ((UnsafeBufferPointer<UInt8>) -> Void)? = nil) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        self.fd = fd
        self.onChunk = onChunk
        buffer = .allocate(capacity: Swift.max(chunkSize, 4))
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// The next line without its line break, or nil after the last. The bytes stay valid
    /// until the next call.
    mutating func nextLine() -> UnsafeBufferPointer<UInt8>? {
        if !startChecked {
            while end - start < 3 && !atEOF { refill() }
            if end - start >= 3 && buffer[start] == 0xEF && buffer[start + 1] == 0xBB && buffer[start + 2] == 0xBF {
                start += 3
            }
            scan = start
            startChecked = true
        }
        while true {
            var i = scan
            var high = scannedHigh
            var breakLength = 0
            let bytes = buffer
            scanning: while i < end {
                let b = bytes[i]
                if b > 0x0D && b < 0xC2 {
                    high |= b
                    i &+= 1
                    continue
                }
                switch b {
                case 0x0A, 0x0B, 0x0C:
                    breakLength = 1
                    break scanning
                case 0x0D:
                    // CR LF is one line break; wait for the next byte before deciding.
                    if i + 1 < end {
                        breakLength = bytes[i + 1] == 0x0A ? 2 : 1
                        break scanning
                    }
                    if atEOF { breakLength = 1; break scanning }
                    break scanning
                case 0xC2, 0xE2:
                    // NEL (C2 85), LS (E2 80 A8), PS (E2 80 A9).
                    let need = b == 0xC2 ? 2 : 3
                    if i + need > end {
                        if atEOF { high |= b; i &+= 1; continue }
                        break scanning
                    }
                    if b == 0xC2 ? bytes[i + 1] == 0x85
                        : bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9) {
                        breakLength = need
                        break scanning
                    }
                    high |= b
                    i &+= 1
                default:
                    high |= b
                    i &+= 1
                }
            }
            if breakLength > 0 || (atEOF && i == end) {
                if breakLength == 0 && i == start { return nil }  // nothing left (no empty last line)
                let line = UnsafeBufferPointer(rebasing: bytes[start..<i])
                lineIsASCII = high < 0x80
                scannedHigh = 0
                start = i + breakLength
                scan = start
                lineNumber += 1
                return line
            }
            scan = i
            scannedHigh = high
            refill()
        }
    }

    /// Reads the rest of the file (so that all of it is hashed); true when every line left
    /// is valid UTF-8.
    mutating func drain() -> Bool {
        var valid = true
        while let line = nextLine() {
            if !lineIsASCII && String(validating: line, as: UTF8.self) == nil { valid = false }
        }
        return valid
    }

    /// Moves the unconsumed bytes to the front (growing the buffer when a line fills it)
    /// and reads more; sets `atEOF` at the end of the file or on a read error.
    private mutating func refill() {
        if start > 0 {
            let kept = end - start
            if kept > 0 { memmove(buffer.baseAddress.unsafelyUnwrapped, buffer.baseAddress.unsafelyUnwrapped + start, kept) }
            scan -= start
            end = kept
            start = 0
        }
        if end == buffer.count {
            let bigger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
            memcpy(bigger.baseAddress.unsafelyUnwrapped, buffer.baseAddress.unsafelyUnwrapped, end)
            buffer.deallocate()
            buffer = bigger
        }
        while true {
            let n = read(fd, buffer.baseAddress.unsafelyUnwrapped + end, buffer.count - end)
            if n > 0 {
                onChunk?(UnsafeBufferPointer(rebasing: buffer[end..<(end + n)]))
                end += n
                bytesRead += Int64(n)
                return
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { readError = errno }
            atEOF = true
            return
        }
    }
}
