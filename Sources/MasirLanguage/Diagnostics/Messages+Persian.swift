/// The Persian sentence of each finding. A finding's English message is built from its code and
/// its arguments (ids, found text, expected words, values); each entry below is that English
/// sentence with `{}` where an argument goes, and the Persian sentence that says the same with
/// the same arguments (`{0}`, `{1}` … in the order of the English; `{=0}` quotes an argument as
/// a value without translating its words). Arguments that are themselves phrases ("after
/// `refer`", "the end of the file") are said in Persian by `phrase`.
enum PersianMessages {
    static let sentences: [(english: String, persian: String)] = [
        // Lexer
        (
            "this line is indented with both tabs and spaces",
            "این سطر هم با تب و هم با فاصله تورفته است"
        ),
        ("Persian comma {} used as a separator", "ویرگول فارسی {0} میان اقلام آمده است"),
        (
            "invisible joiner (ZWNJ) outside a quoted text",
            "نیم‌فاصلهٔ نامرئی (ZWNJ) بیرون از گیومه آمده است"
        ),
        ("curly quotes around {}", "{0} میان گیومه‌های خمیده آمده است"),
        ("unexpected character {} (U+{})", "نویسهٔ نابه‌جای {0} (U+{1})"),
        ("{} (U+{}) inside a text", "نویسهٔ نامرئی U+{1} درون متن آمده است"),
        ("{} (U+{}) outside a text", "نویسهٔ نامرئی U+{1} بیرون از متن آمده است"),
        ("Persian semicolon {} used between items", "نقطه‌ویرگول فارسی {0} میان اقلام آمده است"),
        (
            "Persian semicolon {} at the end of a clause",
            "نقطه‌ویرگول فارسی {0} در پایان بند آمده است"
        ),
        ("semicolon {} used between items", "نقطه‌ویرگول {0} میان اقلام آمده است"),
        ("semicolon {} at the end of a clause", "نقطه‌ویرگول {0} در پایان بند آمده است"),
        ("unknown escape in a text", "گریز ناشناخته در متن"),
        ("text is not closed before the end of the line", "متن پیش از پایان سطر بسته نشده است"),
        // Parser
        ("{} is {} written in Persian", "{0} همان {1} است که به فارسی نوشته شده"),
        (
            "this file looks like YAML (`key: value` lines), not a Masir rulebook",
            "این فایل به YAML می‌ماند (سطرهای `key: value`)، نه به دفترچهٔ مسیر"
        ),
        (
            "empty keyword phrase: no description can contain it",
            "عبارت کلیدی خالی است: هیچ شرحی آن را ندارد"
        ),
        (
            "empty phrase: no description can contain it, so the test is never true",
            "عبارت خالی است: هیچ شرحی آن را ندارد، پس این آزمون هرگز درست نیست"
        ),
        ("comparisons cannot be chained", "مقایسه‌ها را نمی‌توان زنجیره‌ای نوشت"),
        (
            "the date {} is outside the years a rulebook may name",
            "تاریخ {0} بیرون از سال‌هایی است که دفترچه می‌تواند نام ببرد"
        ),
        ("{} is given twice", "{0} دو بار آمده است"),
        (
            "the duration {} is longer than the longest allowed, {}",
            "مدت {0} از بیشینهٔ مجاز، {=1}، بلندتر است"
        ),
        ("duration {} has no unit", "مدت {0} یکا ندارد"),
        ("{} is not an operator in Masir", "{0} در مسیر عملگر نیست"),
        (
            "expected {} to close the parenthesis opened at {}, found {}",
            "برای بستن پرانتزی که در {=1} باز شده {0} لازم است، اما {2} آمده است"
        ),
        (
            "expected `end` to close the {} block, found {}",
            "بلوک {0} با `end` بسته نشده و به جای آن {1} آمده است"
        ),
        ("expected a condition or value, found {}", "شرط یا مقداری لازم است، اما {0} آمده است"),
        ("expected a declaration, found {}", "تعریفی لازم است، اما {0} آمده است"),
        ("expected an action, found {}", "کنشی لازم است، اما {0} آمده است"),
        ("expected {} in quotes, found {}", "{0} در گیومه لازم است، اما {1} آمده است"),
        ("expected {} after {}, found {}", "پس از {1}، {0} لازم است، اما {2} آمده است"),
        ("expected {} before {}, found {}", "پیش از {1}، {0} لازم است، اما {2} آمده است"),
        (
            "expected {} between the field's name and its type, found {}",
            "میان نام فیلد و نوع آن {0} لازم است، اما {1} آمده است"
        ),
        ("expected {} in {}, found {}", "در {1}، {0} لازم است، اما {2} آمده است"),
        ("expected {} for {}, found {}", "برای {1}، {0} لازم است، اما {2} آمده است"),
        ("expected {}, found {}", "{0} لازم است، اما {1} آمده است"),
        (
            "a rulebook file must begin with `rulebook`, found {}",
            "فایل دفترچه باید با `rulebook` آغاز شود، اما {0} آمده است"
        ),
        ("{} is not a valid date", "{0} تاریخ معتبری نیست"),
        ("{} is not a valid time of day", "{0} ساعت معتبری از روز نیست"),
        ("the number {} is too large", "عدد {0} بیش از اندازه بزرگ است"),
        (
            "the amount {} is larger than the largest allowed, {}",
            "مبلغ {0} از بیشینهٔ مجاز، {=1}، بزرگ‌تر است"
        ),
        (
            "the number {} is larger than the largest allowed, {}",
            "عدد {0} از بیشینهٔ مجاز، {=1}، بزرگ‌تر است"
        ),
        ("{} comes after the fallback `otherwise`", "{0} پس از `otherwise` آمده که باید آخر باشد"),
        ("{} is a yes/no value and cannot be used as an id", "{0} مقدار بله/نه است و شناسه نمی‌شود"),
        (
            "rule {} has no `when` condition, found {}",
            "قاعدهٔ {0} شرط `when` ندارد و به جای آن {1} آمده است"
        ),
        (
            "rule {} has a condition but says nothing about the case",
            "قاعدهٔ {0} شرط دارد اما دربارهٔ پرونده چیزی نمی‌گوید"
        ),
        ("the condition is nested more than {} levels deep", "شرط بیش از {=0} لایه تودرتو است"),
        (
            "the condition is too long: more than {} operators deep",
            "شرط بیش از اندازه بلند است: بیش از {=0} عملگر تودرتو"
        ),
        ("unexpected {} in {}", "{0} در {1} نابه‌جاست"),
        ("{} is not a conflict policy", "{0} سیاست تعارض نیست"),
        ("{} is not a unit of time", "{0} یکای زمان نیست"),
        // Names, types and the checker
        (
            "unknown county `{}`, which is in the province of `{}` ({})",
            "شهرستان `{!0}` در این دفترچه تعریف نشده است؛ این شهرستان از استان {2} (`{!1}`) است"
        ),
        ("unknown {} `{}`", "{0} `{!1}` تعریف نشده است"),
        (
            "there is no inherited {} `{}` to replace or disable",
            "{0} ارث‌رسیده‌ای به نام `{!1}` برای جایگزینی یا غیرفعال‌کردن نیست"
        ),
        ("rule {} is already declared in group {}", "قاعدهٔ {0} پیش‌تر در گروه {1} تعریف شده است"),
        ("rule {} is already declared in {}", "قاعدهٔ {0} پیش‌تر در {1} تعریف شده است"),
        ("field {} is already declared in {}", "فیلد {0} پیش‌تر در {1} تعریف شده است"),
        ("{} `{}` is already declared in {}", "{0} `{!1}` پیش‌تر در {2} تعریف شده است"),
        ("{} `{}` is already declared", "{0} `{!1}` پیش‌تر تعریف شده است"),
        (
            "{} counts working time, but the rulebook has no default calendar",
            "{0} زمان کاری را می‌شمارد، اما دفترچه تقویم پیش‌فرض ندارد"
        ),
        (
            "{} counts working time, but ladder {} has no calendar",
            "{0} زمان کاری را می‌شمارد، اما نردبان {1} تقویم ندارد"
        ),
        ("{} is not a date in the calendar", "{0} در تقویم نیست"),
        (
            "level {} comes after {} but its threshold is not later",
            "پلهٔ {0} پس از {1} آمده اما آستانه‌اش دیرتر نیست"
        ),
        (
            "level {} escalates to {}, which already holds cases referred by {}",
            "پلهٔ {0} پرونده را به {1} می‌فرستد که پرونده‌های ارجاع‌شده با {2} را از پیش دارد"
        ),
        (
            "{} uses {}, which a case may leave out, without checking that it is present",
            "{0} از {1} استفاده می‌کند که ممکن است در پرونده نباشد، بی آن‌که بودنش را بسنجد"
        ),
        ("cannot read the holiday file {}", "فایل تعطیلات {0} خوانده نمی‌شود"),
        ("cannot read {}", "{0} خوانده نمی‌شود"),
        (
            "cannot find the rulebook {} that this one extends",
            "دفترچهٔ {0} که این دفترچه آن را گسترش می‌دهد پیدا نمی‌شود"
        ),
        (
            "rule {} can never fire: its condition is never true",
            "قاعدهٔ {0} هرگز به کار نمی‌رود: شرطش هیچ‌گاه درست نیست"
        ),
        (
            "agency {} is never referred to, copied, escalated to or supervising",
            "نهاد {0} هرگز مقصد ارجاع، رونوشت یا پیگیری نیست و سرپرست نهادی هم نیست"
        ),
        (
            "category {} has no keywords and no rule tests it",
            "دستهٔ {0} کلیدواژه ندارد و هیچ قاعده‌ای آن را نمی‌سنجد"
        ),
        ("escalation ladder {} is never used", "نردبان {0} هرگز به کار نرفته است"),
        (
            "level {} can never be reached: its condition is never true",
            "پلهٔ {0} هرگز نمی‌رسد: شرطش هیچ‌گاه درست نیست"
        ),
        (
            "calendar {} has no working hours on any weekday",
            "تقویم {0} در هیچ روز هفته ساعت کاری ندارد"
        ),
        ("{} is a {}, not yes or no", "{0} از نوع {=1} است، نه بله یا نه"),
        (
            "a condition must be yes or no, but this is a {}",
            "شرط باید بله یا نه باشد، اما این از نوع {=0} است"
        ),
        (
            "rule {} is replaced or disabled in every rulebook that extends {}",
            "قاعدهٔ {0} در هر دفترچه‌ای که {1} را گسترش می‌دهد جایگزین یا غیرفعال شده است"
        ),
        (
            "{} is not a working period: it must end after it starts",
            "{0} بازهٔ کاری نیست: پایانش باید پس از آغازش باشد"
        ),
        ("{} has no keyword phrase after it", "پس از {0} عبارت کلیدی نیامده است"),
        (
            "pausing or stopping a clock needs a `status` field of an enum type in the case schema",
            "نگه‌داشتن یا ایستاندن ساعت به فیلد `status` از نوعی شمارشی در بلوک `case` نیاز دارد"
        ),
        ("supervising agencies form a cycle: {}", "نهادهای سرپرست دوری می‌سازند: {=0}"),
        (
            "rulebooks extend each other in a cycle: {}",
            "دفترچه‌ها یکدیگر را دوری گسترش می‌دهند: {=0}"
        ),
    ]

    /// Noun phrases the parser names in "expected …" and "in …", said in Persian.
    static let phrases: [String: String] = [
        "the end of the file": "پایان فایل", "a rule": "قاعده", "a calendar": "تقویم",
        "a routing group": "گروه مسیریابی", "an escalation ladder": "نردبان",
        "the threshold": "آستانه", "the level's actions": "کنش‌های پله",
        "the level's threshold": "آستانهٔ پله", "working hours": "ساعت‌های کاری",
        "a keyword phrase": "عبارتی کلیدی", "the English name": "نام انگلیسی",
        "the agency's English name": "نام انگلیسی نهاد",
        "the agency's Persian name": "نام فارسی نهاد",
        "the category's Persian label": "نام فارسی دسته",
        "the county's English name": "نام انگلیسی شهرستان",
        "the county's Persian name": "نام فارسی شهرستان",
        "the file to import": "فایلی که وارد می‌شود",
        "the holiday file": "فایل تعطیلات", "the province's Persian name": "نام فارسی استان",
        "the reason for the closure": "علت تعطیلی",
        "the reason shown to the citizen": "علتی که شهروند می‌بیند",
        "the rulebook's title": "عنوان دفترچه", "the rulebook's version": "نسخهٔ دفترچه",
        "the telephone area code": "پیش‌شمارهٔ تلفن", "a field name after `.`": "نام فیلد پس از `.`",
        "a status that pauses the clock": "وضعیتی که ساعت را نگه می‌دارد",
        "a status that stops the clock": "وضعیتی که ساعت را می‌ایستاند", "a weekday": "روزی از هفته",
        "an agency to copy": "نهادی برای رونوشت", "an enumeration value": "مقداری از شمارش",
        "the agency to refer to": "نهادی که پرونده به آن ارجاع شود",
        "the agency to escalate to": "نهادی که پرونده به آن فرستاده شود",
        "the agency to notify": "نهادی که آگاه شود", "the agency's id": "شناسهٔ نهاد",
        "the agency's kind": "گونهٔ نهاد", "the calendar's id": "شناسهٔ تقویم",
        "the category's id": "شناسهٔ دسته", "the county's id": "شناسهٔ شهرستان",
        "the default calendar": "تقویم پیش‌فرض", "the default escalation ladder": "نردبان پیش‌فرض",
        "the enumeration's id": "شناسهٔ شمارش", "the escalation ladder": "نردبان",
        "the field's type": "نوع فیلد", "the ladder's id": "شناسهٔ نردبان",
        "the last weekday of the range": "آخرین روز هفتهٔ بازه", "the level's id": "شناسهٔ پله",
        "the parent category": "دستهٔ والد", "the property's id": "شناسهٔ ویژگی",
        "the routing group's id": "شناسهٔ گروه مسیریابی", "the rule's id": "شناسهٔ قاعده",
        "the rulebook it extends": "دفترچه‌ای که گسترش می‌دهد", "the rulebook's id": "شناسهٔ دفترچه",
        "the supervising agency": "نهاد سرپرست", "what to disable": "آنچه غیرفعال می‌شود",
        "the calendar the ladder counts working time on":
            "تقویمی که نردبان زمان کاری را با آن می‌شمارد",
        "a category after `under`": "دسته‌ای پس از `under`",
        // Kinds of declaration, in "unknown …" and "… is already declared".
        "agency": "نهاد", "category": "دستهٔ", "county": "شهرستان", "calendar": "تقویم",
        "ladder": "نردبان", "escalation ladder": "نردبان", "field": "فیلد", "type": "نوع",
        "value": "مقدار", "weekday": "روز هفتهٔ", "function": "تابع", "priority": "اولویت",
        "rule": "قاعدهٔ", "level": "پلهٔ", "rulebook": "دفترچهٔ", "enum": "شمارش",
        "routing group": "گروه مسیریابی", "group": "گروه", "time zone": "منطقهٔ زمانی",
        "property": "ویژگی", "enum value": "مقدار شمارشی",
    ]

    /// The Persian sentence for an English message, or nil when the catalog has none for it.
    static func sentence(for english: String) -> String? {
        for entry in sentences {
            guard let arguments = match(english, template: entry.english) else { continue }
            if let persian = fill(entry.persian, with: arguments) { return persian }
        }
        return nil
    }

    /// The arguments of `text` where `template` has `{}`, each ending at the first occurrence of
    /// the words that follow it (the last one at the end of the text).
    static func match(_ text: String, template: String) -> [String]? {
        let literals = template.components(separatedBy: "{}")
        guard text.hasPrefix(literals[0]) else { return nil }
        var rest = text.dropFirst(literals[0].count)
        var arguments: [String] = []
        for (index, literal) in literals.enumerated().dropFirst() {
            if index == literals.count - 1 {
                guard rest.hasSuffix(literal), rest.count > literal.count || literal.isEmpty
                else { return nil }
                arguments.append(String(rest.dropLast(literal.count)))
                rest = ""
            } else {
                guard let found = rest.range(of: literal), found.lowerBound > rest.startIndex
                else { return nil }
                arguments.append(String(rest[..<found.lowerBound]))
                rest = rest[found.upperBound...]
            }
        }
        if literals.count == 1 { return text == template ? [] : nil }
        return arguments.contains(where: \.isEmpty) ? nil : arguments
    }

    /// `template` with its `{n}` and `{=n}` filled; nil when an argument has English words left.
    static func fill(_ template: String, with arguments: [String]) -> String? {
        var result = template
        for (index, argument) in arguments.enumerated() {
            result = result.replacingOccurrences(of: "{!\(index)}", with: argument)
            if result.contains("{=\(index)}") {
                let quoted = argument.contains("`") ? argument : "`\(argument)`"
                result = result.replacingOccurrences(of: "{=\(index)}", with: quoted)
            }
            if result.contains("{\(index)}") {
                guard let said = phrase(argument) else { return nil }
                result = result.replacingOccurrences(of: "{\(index)}", with: said)
            }
        }
        return hasEnglishWords(result) ? nil : result
    }

    /// An argument said in Persian: code spans as they are, lists joined with Persian words,
    /// known noun phrases from `phrases`; nil for English words it cannot say.
    static func phrase(_ argument: String) -> String? {
        if let known = phrases[argument] { return known }
        for (english, persian) in [
            ("the text \"", "متن "), ("the number ", "عدد "), ("the date ", "تاریخ "),
            ("the time ", "ساعت "), ("after ", "پس از "), ("before ", "پیش از "),
            ("in ", "در "), ("rule ", "قاعدهٔ "), ("level ", "پلهٔ "), ("the ", ""),
        ] where argument.hasPrefix(english) {
            var rest = String(argument.dropFirst(english.count))
            if english == "the text \"" {
                rest = "`" + rest.dropLast(rest.hasSuffix("\"") ? 1 : 0) + "`"
            }
            guard let said = phrase(rest) else { continue }
            return persian + said
        }
        let listed =
            argument
            .replacingOccurrences(of: "`, `", with: "`، `")
            .replacingOccurrences(of: "` or `", with: "` یا `")
            .replacingOccurrences(of: "` and `", with: "` و `")
        if let trailing = phrases.first(where: { listed.hasSuffix(", " + $0.key) }) {
            return phrase(String(listed.dropLast(trailing.key.count + 2))).map {
                $0 + "، " + trailing.value
            }
        }
        return hasEnglishWords(listed) ? nil : listed
    }

    /// Whether `text`, outside its code spans, still has an English word (two lowercase Latin
    /// letters in a row; acronyms such as `ZWNJ` and code points such as `U+200F` are kept).
    static func hasEnglishWords(_ text: String) -> Bool {
        var inSpan = false, previousLetter = false
        for character in text {
            if character == "`" {
                inSpan.toggle()
                previousLetter = false
                continue
            }
            let letter = !inSpan && character.isASCII && character.isLowercase
            if letter && previousLetter { return true }
            previousLetter = letter
        }
        return false
    }
}

extension Diagnostic {
    /// The finding's message as a whole Persian sentence, with the same ids and values as the
    /// English one; nil when the catalog has no Persian sentence for it.
    public var persianMessage: String? { PersianMessages.sentence(for: message) }
}
