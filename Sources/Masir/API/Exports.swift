// The lower layers' public types are part of the embedding API: `import Masir` is enough to
// build cases, read decisions and render diagnostics.
@_exported import MasirCalendar
@_exported import MasirLanguage
@_exported import MasirText
