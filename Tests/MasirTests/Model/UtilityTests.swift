import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// Small helpers the model and case decoding rely on: digests, paths, trimming.
@Suite struct UtilityTests {
    @Test func sha256MatchesTheStandardVectors() {
        #expect(
            SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Many whole blocks read in place, then a padded tail.
        #expect(
            SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // A message of exactly one block: the padding is a block of its own.
        #expect(
            SHA256.hex(String(repeating: "a", count: 64))
                == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
        #expect(
            SHA256.hex(String(repeating: "a", count: 1000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func pathsJoinAndSplitWithoutFoundation() {
        #expect(Paths.directory(of: "rules/national/rulebook.masir") == "rules/national")
        #expect(Paths.directory(of: "rulebook.masir") == "")
        #expect(Paths.directory(of: "/rulebook.masir") == "/")
        #expect(Paths.join("", "a.masir") == "a.masir")
        #expect(Paths.join("rules/", "a") == "rules/a")
        #expect(Paths.join("rules", "/abs") == "/abs")
    }

    @Test func trimmingOnlySpacesAndTabs() {
        #expect(" a b\t".trimmedOfSpaces == "a b")
        #expect("ملایر".trimmedOfSpaces == "ملایر")
        #expect("".trimmedOfSpaces == "")
    }
}
