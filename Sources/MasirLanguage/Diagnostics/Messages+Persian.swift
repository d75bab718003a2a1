/// The Persian sentence of each finding. A finding's English message is built from its code and
/// its arguments (ids, found text, expected words, values); each entry below is that English
/// sentence with `{}` where an argument goes, and the Persian sentence that says the same with
/// the same arguments (`{0}`, `{1}` … in the order of the English; `{=0}` quotes an argument as
/// a value without translating its words; `{!0}` puts in an argument as it is, for a number or
/// an id the Persian sentence quotes itself). Arguments that are themselves phrases ("after
/// `refer`", "the end of the file") or sentences (a holiday file's row error) are said in
/// Persian by `phrase`. A more particular English sentence comes before a more general one that
/// would also match it.
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
        ("unknown {} value `{}`", "مقدار `{!1}` در شمارش `{!0}` تعریف نشده است"),
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
            "the share {} is not between 1% and 100%",
            "سهم {0} میان ۱٪ و ۱۰۰٪ نیست"
        ),
        // Declarations and the rulebooks they come from
        (
            "group {} is inherited with the policy {}, not {}",
            "گروه {0} با سیاست {1} به ارث رسیده است، نه با {2}"
        ),
        ("{} appears twice in enum {}", "{0} در شمارش {1} دو بار آمده است"),
        ("category {} lies under itself", "دستهٔ {0} زیرمجموعهٔ خودش قرار گرفته است"),
        (
            "the rulebook would cost {} steps per case, over the budget of {}",
            "بررسی هر پرونده با این دفترچه {!0} گام هزینه دارد که از سقف {!1} گام بیشتر است"
        ),
        (
            "the file is not UTF-8 text: the byte 0x{} at byte offset {} is not valid UTF-8",
            "این فایل متن UTF-8 نیست: بایت 0x{!0} در جایگاه {!1} (به بایت) UTF-8 معتبر نیست"
        ),
        ("no rulebook found at {}", "در {0} هیچ دفترچه‌ای پیدا نشد"),
        ("no such rulebook, file or folder {}", "دفترچه، فایل یا پوشه‌ای به نام {0} وجود ندارد"),
        (
            "{} holds no provincial rulebook (one with a `province` or `area code`)",
            "{0} دفترچهٔ استانی ندارد (دفترچه‌ای که `province` یا `area code` داشته باشد)"
        ),
        // The case schema and the clock
        (
            "the default of {} must be a {} value",
            "مقدار پیش‌فرض {0} باید از نوع {=1} باشد"
        ),
        (
            "only a category field can be inferred from a description",
            "تنها فیلدی از نوع `category` را می‌توان از شرح پرونده استنباط کرد"
        ),
        (
            "{} must be a text field of the schema to infer the category from it",
            "برای استنباط دسته، {0} باید فیلدی از نوع `text` در بلوک `case` باشد"
        ),
        (
            "rule {} is never in force: `until` is not after `from`",
            "قاعدهٔ {0} هیچ‌گاه اجرا نمی‌شود: تاریخ `until` پس از `from` نیست"
        ),
        (
            "{} is a {} field; only an agency field can name the agency to refer to",
            "{0} فیلدی از نوع {=1} است؛ تنها فیلدی از نوع `agency` می‌تواند نهاد مقصد ارجاع را تعیین کند"
        ),
        (
            "`on reopen` reads `reopened` entries of the history, but the case's `status` has no value `reopened`",
            "`on reopen` رویدادهای `reopened` تاریخچهٔ پرونده را می‌خواند، اما فیلد `status` پرونده مقدار `reopened` ندارد"
        ),
        (
            "`on reclassify` reads changes of the case's `category`, but the schema has no `category` field",
            "`on reclassify` تغییرهای `category` پرونده را می‌خواند، اما بلوک `case` فیلد `category` ندارد"
        ),
        (
            "a level counts from an instant, but {} is a {} field",
            "زمان پله از یک لحظه شمرده می‌شود، اما {0} فیلدی از نوع {=1} است"
        ),
        // Types
        ("{} is not a valid date and time", "{0} تاریخ و ساعت معتبری نیست"),
        (
            "a list holds values of one type; this is a {} among {} values",
            "همهٔ مقدارهای یک فهرست باید از یک نوع باشند؛ این مقدار از نوع {=0} است و دیگر مقدارها از نوع {=1}"
        ),
        (
            "`??` gives a default of the same type: {} is a {}, the default a {}",
            "`??` باید پیش‌فرضی از همان نوع بدهد: {0} از نوع {=1} است و پیش‌فرض از نوع {=2}"
        ),
        ("`mentions` takes quoted phrases", "`mentions` فقط عبارت‌های درون گیومه را می‌پذیرد"),
        (
            "`mentions` takes a quoted phrase or a list of them",
            "`mentions` عبارتی درون گیومه یا فهرستی از چنین عبارت‌هایی را می‌پذیرد"
        ),
        (
            "say `mentions any [...]` or `mentions all [...]` for a list of phrases",
            "برای فهرستی از عبارت‌ها `mentions any [...]` یا `mentions all [...]` بنویسید"
        ),
        (
            "cannot compare {} ({}) with {} ({}) using {}",
            "{0} (از نوع {=1}) را نمی‌توان با عملگر {4} با {2} (از نوع {=3}) مقایسه کرد"
        ),
        (
            "{} is a {} and {} a {}; they can never be equal",
            "{0} از نوع {=1} است و {2} از نوع {=3}؛ این دو هرگز برابر نمی‌شوند"
        ),
        (
            "`in` needs a list or set on its right, but {} is a {}",
            "`in` در سمت راست خود فهرست یا مجموعه می‌خواهد، اما {0} از نوع {=1} است"
        ),
        (
            "`contains` needs a set on its left, but {} is a {}",
            "`contains` در سمت چپ خود مجموعه می‌خواهد، اما {0} از نوع {=1} است"
        ),
        (
            "`intersects` compares two sets of the same kind; found {} and {}",
            "`intersects` دو مجموعه از یک نوع را با هم می‌سنجد، اما اینجا {=0} و {=1} آمده است"
        ),
        (
            "{} holds {} values, but {} is a {}",
            "{0} مقدارهایی از نوع {=1} دارد، اما {2} از نوع {=3} است"
        ),
        ("{} takes {}, not ({})", "{0} به شکل {=1} به کار می‌رود، اما اینجا ورودی‌اش {=2} است"),
        ("{}, but {} is a {}", "{0}، اما {1} از نوع {=2} است"),
        // Calendars and holidays
        ("holiday file {}: {}", "فایل تعطیلات {0}: {1}"),
        ("line {}: {}", "سطر {!0}: {1}"),
        ("the closure ends before it starts", "پایان این تعطیلی پیش از آغاز آن است"),
        (
            "the seasonal hours end before they start",
            "پایان ساعت‌های فصلی پیش از آغاز آن‌هاست"
        ),
        (
            "calendar {} says nothing about {}, so it is treated as closed",
            "تقویم {0} دربارهٔ {1} چیزی نمی‌گوید، پس آن روز تعطیل شمرده می‌شود"
        ),
        (
            "calendar {} says nothing about {}, so they are treated as closed",
            "تقویم {0} دربارهٔ {1} چیزی نمی‌گوید، پس آن روزها تعطیل شمرده می‌شوند"
        ),
        (
            "the holidays of calendar {} cover {}–{}, not the year from {} when the rulebook takes effect",
            "تعطیلات تقویم {0} بازهٔ {=1} تا {=2} را در بر می‌گیرد، نه یک سال از {=3} که دفترچه از آن روز اجرا می‌شود"
        ),
        // Rows of a holiday file
        (
            "expected {} tab-separated fields, found {}",
            "{!0} ستون جداشده با تب لازم است، اما {!1} ستون آمده است"
        ),
        ("missing header row", "سطر عنوان ستون‌ها نیامده است"),
        ("column {} appears twice", "ستون {0} دو بار آمده است"),
        (
            "header needs a `jalali` or `gregorian` column",
            "سطر عنوان‌ها به ستون `jalali` یا `gregorian` نیاز دارد"
        ),
        ("{} is not a Jalali date (yyyy/mm/dd)", "{0} تاریخ شمسی نیست (`yyyy/mm/dd`)"),
        ("{} is not a Gregorian date (yyyy-mm-dd)", "{0} تاریخ میلادی نیست (`yyyy-mm-dd`)"),
        ("row has no date", "این ردیف تاریخ ندارد"),
        (
            "jalali_year {} does not match the date's year {}",
            "مقدار {0} در ستون `jalali_year` با سال تاریخ، {=1}، یکی نیست"
        ),
        (
            "weekday_en {} does not match {}, a {}",
            "مقدار {0} در ستون `weekday_en` با {=1} که {=2} است یکی نیست"
        ),
        (
            "weekday_fa {} does not match {}, a {}",
            "مقدار {0} در ستون `weekday_fa` با {=1} که {=2} است یکی نیست"
        ),
        (
            "unknown holiday kind {} (expected solar, lunar, special or other)",
            "گونهٔ تعطیلی {0} شناخته نیست (گونه‌ها: `solar`، `lunar`، `special` یا `other`)"
        ),
        (
            "estimated must be `yes` or `no`, not {}",
            "ستون `estimated` باید `yes` یا `no` باشد، نه {0}"
        ),
        ("{} is {}, not {}", "{0} برابر {=1} است، نه {=2}"),
        // The checker's examples and analyses
        (
            "`replace rule {}` restates the rule {} of {} unchanged",
            "`replace rule {!0}` قاعدهٔ {1} از {2} را بی هیچ تغییری تکرار می‌کند"
        ),
        (
            "{} never applies: its condition is never true when {} matches",
            "{0} هرگز به کار نمی‌رود: هرگاه {1} با پرونده جور شود، شرط آن درست نیست"
        ),
        (
            "{} always applies: its condition holds for every case {} matches",
            "{0} همیشه به کار می‌رود: شرط آن برای هر پرونده‌ای که {1} با آن جور شود برقرار است"
        ),
        (
            "some cases match no rule of {}, which has no `otherwise`; for example any case",
            "هیچ پرونده‌ای با قاعده‌های {0} جور نمی‌شود و این گروه `otherwise` ندارد"
        ),
        (
            "some cases match no rule of {}, which has no `otherwise`; for example {}",
            "برخی پرونده‌ها با هیچ قاعده‌ای از {0} جور نمی‌شوند و این گروه `otherwise` ندارد؛ برای نمونه {=1}"
        ),
        (
            "rules {} and {} of {} have the same priority and can both match, e.g. any case",
            "قاعده‌های {0} و {1} از {2} اولویت یکسان دارند و هر دو با هر پرونده‌ای جور می‌شوند"
        ),
        (
            "rules {} and {} of {} have the same priority and can both match, e.g. {}",
            "قاعده‌های {0} و {1} از {2} اولویت یکسان دارند و ممکن است هر دو با یک پرونده جور شوند؛ برای نمونه {=3}"
        ),
        (
            "in rulebook {}, rule {} can never fire: rule {} above it matches every case it matches",
            "در دفترچهٔ {0}، قاعدهٔ {1} هرگز به کار نمی‌رود: قاعدهٔ {2} که بالاتر از آن آمده با هر پرونده‌ای که این قاعده می‌پذیرد جور می‌شود"
        ),
        (
            "in rulebook {}, rule {} can never fire: the rules above it match every case it matches",
            "در دفترچهٔ {0}، قاعدهٔ {1} هرگز به کار نمی‌رود: قاعده‌های بالاتر از آن با هر پرونده‌ای که این قاعده می‌پذیرد جور می‌شوند"
        ),
        (
            "rule {} can never fire: rule {} above it matches every case it matches",
            "قاعدهٔ {0} هرگز به کار نمی‌رود: قاعدهٔ {1} که بالاتر از آن آمده با هر پرونده‌ای که این قاعده می‌پذیرد جور می‌شود"
        ),
        (
            "rule {} can never fire: the rules above it match every case it matches",
            "قاعدهٔ {0} هرگز به کار نمی‌رود: قاعده‌های بالاتر از آن با هر پرونده‌ای که این قاعده می‌پذیرد جور می‌شوند"
        ),
        (
            "{} rule of {} uses conditions the checker cannot decide (`mentions`, texts, sets, functions, `??`, or one field compared with another): {}",
            "{!0} قاعده از {1} شرطی دارد که بررسی‌کننده نمی‌تواند درستی آن را تعیین کند (`mentions`، متن‌ها، مجموعه‌ها، تابع‌ها، `??` یا مقایسهٔ دو فیلد با یکدیگر): {2}"
        ),
        (
            "{} rules of {} use conditions the checker cannot decide (`mentions`, texts, sets, functions, `??`, or one field compared with another): {}",
            "{!0} قاعده از {1} شرط‌هایی دارند که بررسی‌کننده نمی‌تواند درستی آن‌ها را تعیین کند (`mentions`، متن‌ها، مجموعه‌ها، تابع‌ها، `??` یا مقایسهٔ دو فیلد با یکدیگر): {2}"
        ),
        (
            "{}, so {} in {} was not analysed: {}",
            "{0}، از این رو در {2} {1} بررسی نشد: {3}"
        ),
        ("{}, so {} in {} was not analysed", "{0}، از این رو در {2} {1} بررسی نشد"),
        (
            "whether some cases match none of its rules",
            "این‌که آیا پرونده‌ای هست که با هیچ‌یک از قاعده‌هایش جور نشود"
        ),
        (
            "whether {} rule overlap later rules of equal priority",
            "هم‌پوشانی {!0} قاعده با قاعده‌های بعدیِ هم‌اولویت"
        ),
        (
            "whether {} rules overlap later rules of equal priority",
            "هم‌پوشانی {!0} قاعده با قاعده‌های بعدیِ هم‌اولویت"
        ),
        (
            "whether {} rule is shadowed by the rules above",
            "این‌که آیا {!0} قاعده زیر سایهٔ قاعده‌های بالاتر می‌ماند"
        ),
        (
            "whether {} rules are shadowed by the rules above",
            "این‌که آیا {!0} قاعده زیر سایهٔ قاعده‌های بالاتر می‌مانند"
        ),
        (
            "level {} escalates to {}, which already holds cases referred by {} and {} more",
            "پلهٔ {0} پرونده را به {1} می‌فرستد که پرونده‌های ارجاع‌شده با {2} و {!3} قاعدهٔ دیگر را از پیش دارد"
        ),
        // Notes beside a finding
        ("first declared here", "نخستین بار اینجا تعریف شده است"),
        ("the inherited rule is here", "قاعدهٔ ارث‌رسیده اینجاست"),
        ("the fallback is here", "`otherwise` اینجاست"),
        ("the {} block begins here", "بلوک {0} از اینجا آغاز می‌شود"),
        (
            "the earlier level {} has this threshold",
            "پلهٔ پیشین {0} همین آستانه را دارد"
        ),
        ("{} matches first here", "{0} اینجا زودتر جور می‌شود"),
        ("{} is here", "{0} اینجاست"),
        ("and {} more like it", "و {!0} مورد دیگر مانند آن"),

        (
            "rulebooks extend each other in a cycle: {}",
            "دفترچه‌ها یکدیگر را دوری گسترش می‌دهند: {=0}"
        ),
    ]

    /// Noun phrases the parser names in "expected …" and "in …", said in Persian: one a line,
    /// the English, ` = `, and the Persian; lines starting `//` are comments.
    static let phrases: [String: String] = pairs(
        """
        the end of the file = پایان فایل
        a rule = قاعده
        a calendar = تقویم
        a routing group = گروه مسیریابی
        an escalation ladder = نردبان
        the threshold = آستانه
        the level's actions = کنش‌های پله
        the level's threshold = آستانهٔ پله
        working hours = ساعت‌های کاری
        a keyword phrase = عبارتی کلیدی
        the English name = نام انگلیسی
        the agency's English name = نام انگلیسی نهاد
        the agency's Persian name = نام فارسی نهاد
        the category's Persian label = نام فارسی دسته
        the county's English name = نام انگلیسی شهرستان
        the county's Persian name = نام فارسی شهرستان
        the file to import = فایلی که وارد می‌شود
        the holiday file = فایل تعطیلات
        the province's Persian name = نام فارسی استان
        the reason for the closure = علت تعطیلی
        the reason shown to the citizen = علتی که شهروند می‌بیند
        the rulebook's title = عنوان دفترچه
        the rulebook's version = نسخهٔ دفترچه
        the telephone area code = پیش‌شمارهٔ تلفن
        a field name after `.` = نام فیلد پس از `.`
        a status that pauses the clock = وضعیتی که ساعت را نگه می‌دارد
        a status that stops the clock = وضعیتی که ساعت را می‌ایستاند
        a weekday = روزی از هفته
        an agency to copy = نهادی برای رونوشت
        an enumeration value = مقداری از شمارش
        the agency to refer to = نهادی که پرونده به آن ارجاع شود
        the agency to escalate to = نهادی که پرونده به آن فرستاده شود
        the agency to notify = نهادی که آگاه شود
        the agency's id = شناسهٔ نهاد
        the agency's kind = گونهٔ نهاد
        the calendar's id = شناسهٔ تقویم
        the category's id = شناسهٔ دسته
        the county's id = شناسهٔ شهرستان
        the default calendar = تقویم پیش‌فرض
        the default escalation ladder = نردبان پیش‌فرض
        the enumeration's id = شناسهٔ شمارش
        the escalation ladder = نردبان
        the field's type = نوع فیلد
        the ladder's id = شناسهٔ نردبان
        the last weekday of the range = آخرین روز هفتهٔ بازه
        the level's id = شناسهٔ پله
        the parent category = دستهٔ والد
        the property's id = شناسهٔ ویژگی
        the routing group's id = شناسهٔ گروه مسیریابی
        the rule's id = شناسهٔ قاعده
        the rulebook it extends = دفترچه‌ای که گسترش می‌دهد
        the rulebook's id = شناسهٔ دفترچه
        the supervising agency = نهاد سرپرست
        what to disable = آنچه غیرفعال می‌شود
        the calendar the ladder counts working time on = تقویمی که نردبان زمان کاری را با آن می‌شمارد
        a category after `under` = دسته‌ای پس از `under`
        // Kinds of declaration, in "unknown …" and "… is already declared".
        agency = نهاد
        category = دستهٔ
        county = شهرستان
        calendar = تقویم
        ladder = نردبان
        escalation ladder = نردبان
        field = فیلد
        type = نوع
        value = مقدار
        weekday = روز هفتهٔ
        function = تابع
        priority = اولویت
        rule = قاعدهٔ
        level = پلهٔ
        rulebook = دفترچهٔ
        enum = شمارش
        routing group = گروه مسیریابی
        group = گروه
        time zone = منطقهٔ زمانی
        property = ویژگی
        enum value = مقدار شمارشی
        status = وضعیت
        SLA target = هدف SLA
        a ladder = نردبان
        // Phrases of the parser's "expected …", "after …" and "in …".
        a time such as `07:30` = ساعتی مانند `07:30`
        a date such as `1403/07/01` = تاریخی مانند `1403/07/01`
        a duration such as `5 working days` = مدتی مانند `5 working days`
        a priority (`urgent`, `high`, `normal`, `low` or 1–4) = اولویتی (`urgent`، `high`، `normal`، `low` یا ۱ تا ۴)
        who to remind (`assignee` or an agency) = کسی که یادآوری می‌شود (`assignee` یا یک نهاد)
        the telephone area code, in quotes = پیش‌شمارهٔ تلفن، درون گیومه
        the first day of the seasonal hours = نخستین روز ساعت‌های فصلی
        the last day of the seasonal hours = آخرین روز ساعت‌های فصلی
        seasonal hours = ساعت‌های فصلی
        the closed date = روز تعطیل
        the last closed date = آخرین روز تعطیل
        the date the rulebook takes effect = تاریخ آغاز اجرای دفترچه
        the SLA target's id = شناسهٔ هدف SLA
        the SLA target the clause is for = هدف SLA که این بند برای آن است
        the case schema = بلوک `case`
        the enumeration's values = مقدارهای شمارش
        the share = سهم
        the property's condition = شرط ویژگی
        the first day the rule is in force = نخستین روز اجرای قاعده
        the day the rule stops being in force = روزی که اجرای قاعده پایان می‌یابد
        a date = تاریخ
        the service-level deadline = مهلت رسیدگی
        a time zone such as "Asia/Tehran" = منطقهٔ زمانی‌ای مانند `Asia/Tehran`
        the agency to disable = نهادی که غیرفعال می‌شود
        the category to disable = دسته‌ای که غیرفعال می‌شود
        the county to disable = شهرستانی که غیرفعال می‌شود
        the calendar to disable = تقویمی که غیرفعال می‌شود
        the property to disable = ویژگی‌ای که غیرفعال می‌شود
        the rule to disable = قاعده‌ای که غیرفعال می‌شود
        the level to disable = پله‌ای که غیرفعال می‌شود
        `and`, `or` or the end of the expression = `and`، `or` یا پایان عبارت
        // Why the checker's analyses stopped early.
        the check was stopped at its deadline = بررسی در مهلت تعیین‌شده متوقف شد
        the checker reached its work budget = بررسی‌کننده به سقف کار خود رسید
        // The halves of a clause that can be said in Persian.
        `under` applies to a category = `under` فقط دربارهٔ دسته به کار می‌رود
        `mentions` searches text = `mentions` فقط در متن جست‌وجو می‌کند
        """)

    /// The phrases of a table whose lines are `english = persian`.
    private static func pairs(_ table: String) -> [String: String] {
        let rows = table.split(separator: "\n").filter { !$0.hasPrefix("//") }.map { row in
            let halves = row.split(separator: " = ", maxSplits: 1)
            return (String(halves[0]), String(halves[1]))
        }
        return Dictionary(uniqueKeysWithValues: rows)
    }

    /// The Persian sentence for an English message, or nil when the catalog has none for it.
    static func sentence(for english: String) -> String? {
        var used: [Int] = []
        return sentence(for: english, used: &used)
    }

    /// `sentence(for:)`, adding to `used` the positions in `sentences` of the entry that said it
    /// and of the entries that said its arguments.
    static func sentence(for english: String, used: inout [Int]) -> String? {
        for (index, entry) in sentences.enumerated() {
            guard let arguments = match(english, template: entry.english) else { continue }
            var inner: [Int] = []
            if let persian = fill(entry.persian, with: arguments, used: &inner) {
                used += [index] + inner
                return persian
            }
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
    static func fill(_ template: String, with arguments: [String], used: inout [Int]) -> String? {
        var result = template
        for (index, argument) in arguments.enumerated() {
            result = result.replacingOccurrences(of: "{!\(index)}", with: argument)
            if result.contains("{=\(index)}") {
                let quoted = argument.contains("`") ? argument : "`\(argument)`"
                result = result.replacingOccurrences(of: "{=\(index)}", with: quoted)
            }
            if result.contains("{\(index)}") {
                guard let said = phrase(argument, used: &used) else { return nil }
                result = result.replacingOccurrences(of: "{\(index)}", with: said)
            }
        }
        return hasEnglishWords(result) ? nil : result
    }

    /// An argument said in Persian: code spans as they are, lists joined with Persian words,
    /// known noun phrases from `phrases`; nil for English words it cannot say.
    static func phrase(_ argument: String, used: inout [Int]) -> String? {
        if let known = phrases[argument] { return known }
        for (english, persian) in [
            ("the text \"", "متن "), ("the number ", "عدد "), ("the date ", "تاریخ "),
            ("the time ", "ساعت "), ("after ", "پس از "), ("before ", "پیش از "),
            ("in ", "در "), ("rule ", "قاعدهٔ "), ("level ", "پلهٔ "),
            ("the `otherwise` of ", "`otherwise` در "), ("the SLA target ", "هدف SLA "),
            ("the ", ""),
        ] where argument.hasPrefix(english) {
            var rest = String(argument.dropFirst(english.count))
            if english == "the text \"" {
                rest = "`" + rest.dropLast(rest.hasSuffix("\"") ? 1 : 0) + "`"
            }
            guard let said = phrase(rest, used: &used) else { continue }
            return persian + said
        }
        let listed =
            argument
            .replacingOccurrences(of: "`, `", with: "`، `")
            .replacingOccurrences(of: "` or `", with: "` یا `")
            .replacingOccurrences(of: "` and `", with: "` و `")
        if let trailing = phrases.first(where: { listed.hasSuffix(", " + $0.key) }) {
            return phrase(String(listed.dropLast(trailing.key.count + 2)), used: &used).map {
                $0 + "، " + trailing.value
            }
        }
        if !hasEnglishWords(listed) { return listed }
        // "`sla first` in a ladder", "`replace` in `routing`": each side said on its own.
        if let split = argument.range(of: " in ", options: .backwards),
            let what = phrase(String(argument[..<split.lowerBound]), used: &used),
            let place = phrase(String(argument[split.upperBound...]), used: &used)
        {
            return what + " در " + place
        }
        // An argument that is itself a finding's sentence (a holiday file's row error).
        return sentence(for: argument, used: &used)
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
