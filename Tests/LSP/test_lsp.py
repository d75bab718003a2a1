"""`masir lsp` driven over stdio by a real LSP client (pytest-lsp): a province rulebook is opened
from the shipped rules, and every feature is asked for as an editor would."""

import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import MASIR, ROOT


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A copy of the shipped rules, so renames and edits never touch the repository."""
    folder = tmp_path_factory.mktemp("rules")
    shutil.copytree(ROOT / "rules", folder / "rules")
    return folder / "rules"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[MASIR, "lsp"]))
async def client(lsp_client: LanguageClient, workspace):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="rules")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def open_document(client, path, text=None):
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="masir", version=1, text=text or path.read_text()
            )
        )
    )
    return uri


def position_of(text, needle, after=0):
    """The protocol position (UTF-16 columns) of the first `needle` in `text`."""
    index = text.index(needle)
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    column = len(text[start:index].encode("utf-16-le")) // 2
    return types.Position(line=line, character=column + after)


async def diagnostics_for(client, uri):
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics.get(uri, [])


async def test_a_province_rulebook_checks_clean_and_hover_shows_the_agency(client, workspace):
    path = workspace / "provinces" / "hamedan" / "rulebook.masir"
    text = path.read_text()
    uri = open_document(client, path)
    found = await diagnostics_for(client, uri)
    assert [d for d in found if d.severity == types.DiagnosticSeverity.Error] == []

    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(text, "copy welfare", after=len("copy ")),
        )
    )
    assert hover is not None
    assert "بهزیستی" in hover.contents.value and "kind: support" in hover.contents.value


async def test_definition_jumps_into_the_national_rulebook(client, workspace):
    path = workspace / "provinces" / "hamedan" / "rulebook.masir"
    text = path.read_text()
    uri = open_document(client, path)
    await diagnostics_for(client, uri)
    # The schema is the national rulebook's: a field used by a province rule jumps there.
    result = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(text, "and bank is absent", after=len("and b")),
        )
    )
    assert result, "no definition for a field"
    assert result[0].uri.endswith("national/rulebook.masir")
    national = (workspace / "national" / "rulebook.masir").read_text().splitlines()
    assert "field bank " in national[result[0].range.start.line]


async def test_completion_after_refer_to_offers_agencies(client, workspace):
    path = workspace / "provinces" / "hamedan" / "rulebook.masir"
    text = path.read_text()
    uri = open_document(client, path)
    await diagnostics_for(client, uri)
    at = position_of(text, "refer to production_hq", after=len("refer to "))
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    )
    items = result.items if hasattr(result, "items") else result
    labels = {item.label for item in items}
    assert {"welfare", "relief", "inspection"} <= labels
    assert "rule" not in labels


async def test_a_quick_fix_applied_checks_clean(client, workspace):
    path = workspace / "provinces" / "hamedan" / "rulebook.masir"
    text = path.read_text()
    broken = text.replace("copy deputy_economic, inspection", "copy deputy_economic، inspection", 1)
    assert broken != text
    uri = open_document(client, path, broken)
    found = await diagnostics_for(client, uri)
    persian_comma = [d for d in found if d.code == "syntax.persian-comma"]
    assert persian_comma, found
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=persian_comma[0].range,
            context=types.CodeActionContext(diagnostics=persian_comma),
        )
    )
    assert actions and actions[0].edit
    edit = actions[0].edit.changes[uri][0]
    lines = broken.split("\n")
    line = lines[edit.range.start.line]
    encoded = line.encode("utf-16-le")
    start, end = edit.range.start.character * 2, edit.range.end.character * 2
    lines[edit.range.start.line] = (encoded[:start] + edit.new_text.encode("utf-16-le") + encoded[end:]).decode("utf-16-le")
    fixed = "\n".join(lines)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    found = await diagnostics_for(client, uri)
    assert [d for d in found if d.severity == types.DiagnosticSeverity.Error] == []


async def test_rename_reaches_every_file_and_formatting_and_symbols_answer(client, workspace):
    path = workspace / "provinces" / "hamedan" / "rulebook.masir"
    text = path.read_text()
    uri = open_document(client, path)
    await diagnostics_for(client, uri)
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(text, "copy welfare", after=len("copy ")),
            new_name="behzisti",
        )
    )
    files = {changed.split("/rules/")[-1] for changed in edit.changes}
    assert "provinces/hamedan/rulebook.masir" in files and "national/rulebook.masir" in files
    assert len(files) > 10, files  # every province replaces the agency's title
    # The province's tests expect the agency by its id: those values change with it, at
    # UTF-16 positions on lines that may hold Persian text.
    tests = next(changed for changed in edit.changes if changed.endswith("hamedan/tests.yaml"))
    lines = (workspace / "provinces" / "hamedan" / "tests.yaml").read_text().splitlines()
    for change in edit.changes[tests]:
        line = lines[change.range.start.line].encode("utf-16-le")
        spelled = line[change.range.start.character * 2 : change.range.end.character * 2]
        assert spelled.decode("utf-16-le") == "welfare" and change.new_text == "behzisti"
    assert len(edit.changes[tests]) == 3

    formatted = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert list(formatted) == []  # the shipped rulebooks are formatted

    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    names = {symbol.name for symbol in symbols}
    assert {"razan", "welfare", "referrals"} <= names
    referrals = next(symbol for symbol in symbols if symbol.name == "referrals")
    assert "hamedan_social_harms" in {rule.name for rule in referrals.children}


async def test_positions_count_utf16_units_after_persian_and_emoji(client, workspace):
    path = workspace / "provinces" / "hamedan" / "rulebook.masir"
    # Persian with a ZWNJ, an emoji (two UTF-16 units) and Arabic letters before a name on the
    # same line: the column must count UTF-16 units, not bytes or characters.
    label = "اداره کل بهزیستی استان همدان"
    edited = path.read_text().replace(label, "اداره کل بهزیستی‌ 😀 كي " + label[len("اداره کل بهزیستی "):], 1)
    assert "😀" in edited
    uri = open_document(client, path, edited)
    await diagnostics_for(client, uri)
    number, line = next((n, l) for n, l in enumerate(edited.splitlines()) if "😀" in l)
    before = line[: line.index("supervisor deputy_political") + len("supervisor d")]
    column = len(before.encode("utf-16-le")) // 2
    assert column < len(before.encode("utf-8"))  # bytes would land elsewhere
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=number, character=column),
        )
    )
    assert hover is not None and "deputy_political" in hover.contents.value


async def test_code_lenses_count_the_tests_over_each_rule_and_run_them(client, workspace):
    path = workspace / "national" / "rulebook.masir"
    text = path.read_text()
    uri = open_document(client, path)
    await diagnostics_for(client, uri)
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    line = text.splitlines().index(next(l for l in text.splitlines() if l.startswith("  rule repeat_caller ")))
    over = [lens for lens in lenses if lens.range.start.line == line and "cover" in lens.command.title]
    assert len(over) == 1, [lens.command.title for lens in lenses if lens.range.start.line == line]
    lens = over[0]
    # urgency.tests.yaml names urgency.repeat_caller as matched in two tests.
    count = int(lens.command.title.split()[0])
    assert count >= 2 and "tests cover this rule (" in lens.command.title
    assert "urgency.tests.yaml" in lens.command.title, lens.command.title
    assert lens.command.command == "masir.runTests"
    assert any(l.command.title.startswith("run ") for l in lenses)

    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=lens.command.command, arguments=lens.command.arguments)
    )
    assert result["passed"] == count and result["failed"] == 0, result


async def test_range_formatting_touches_only_the_selected_declaration(client, workspace):
    path = workspace / "provinces" / "hamedan" / "rulebook.masir"
    text = path.read_text()
    messy = text.replace('county razan "رزن"', 'county   razan   "رزن"', 1).replace(
        'county malayer "ملایر"', 'county  malayer "ملایر"', 1
    )
    assert messy.count("   razan") == 1
    uri = open_document(client, path, messy)
    await diagnostics_for(client, uri)
    at = position_of(messy, '"رزن"', after=2)  # inside the Persian label, in UTF-16 units
    edits = await client.text_document_range_formatting_async(
        types.DocumentRangeFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=at, end=at),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert len(edits) == 1 and edits[0].new_text == 'county razan "رزن" english "Razan"'
    assert edits[0].range.start.line == at.line == edits[0].range.end.line


async def test_renaming_a_field_from_a_province_reaches_the_national_schema(client, workspace):
    path = workspace / "provinces" / "hamedan" / "rulebook.masir"
    text = path.read_text()
    uri = open_document(client, path)
    await diagnostics_for(client, uri)
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(text, "and bank is absent", after=len("and b")),
            new_name="lender",
        )
    )
    national = next(changed for changed in edit.changes if changed.endswith("national/rulebook.masir"))
    lines = (workspace / "national" / "rulebook.masir").read_text().splitlines()
    declared = [e for e in edit.changes[national] if lines[e.range.start.line].startswith("  field bank ")]
    assert declared and all(e.new_text == "lender" for e in edit.changes[national])
