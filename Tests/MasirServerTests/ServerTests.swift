import Testing
@testable import MasirServer
