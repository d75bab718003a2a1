import Foundation
import Masir
import MasirTestSupport
import Testing

@testable import MasirServer

/// The broken case inputs the library's readers are tested with (Tests/Hostile/case-inputs.json),
/// sent to `POST /v1/route?strict=true`: each answer names the same kind as `reason`. One-line
/// JSON goes as a JSON body and as a YAML one; the rest as YAML.
@Suite struct InputPathsServerTests {
    struct Entry: Sendable, Decodable, CustomStringConvertible {
        var name: String
        var text: String
        var kind: String
        var description: String { name }
    }

    static let corpus: [Entry] = {
        struct File: Decodable { var inputs: [Entry] }
        let url = Repository.url("Tests/Hostile/case-inputs.json")
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).inputs
    }()

    @Test func theCorpusIsThere() {
        #expect(Self.corpus.count >= 14)
    }

    @Test(arguments: corpus) func theServerNamesTheSameKind(_ entry: Entry) async throws {
        let server = try await TestServer.shared.value
        let oneLineJSON =
            !entry.text.dropLast().contains("\n")
            && (entry.text.first == "{" || entry.text.first == "[")
        var types = ["application/yaml"]
        if oneLineJSON { types.append("application/json") }
        for type in types {
            let reply = try await server.send(
                "POST", "/v1/route?strict=true", body: entry.text, contentType: type)
            let error = (reply.json?["error"] as? [String: Any])
            // A batch answers 200 with each case's error in its item.
            let items = reply.array as? [[String: Any]]
            let reason =
                error?["reason"] as? String ?? (items?.first?["error"] as? [String: Any])?["reason"]
                as? String
            #expect(
                reason == entry.kind,
                "\(type): \(reply.status) \(String(decoding: reply.body.prefix(300), as: UTF8.self))"
            )
        }
    }
}
