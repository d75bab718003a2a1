/// The Persian half of the catalog: for every code, the headline a Persian reader sees in place
/// of the English message, and the explanation `--explain CODE --lang fa` and
/// docs/diagnostics.fa.md give. The switch is exhaustive, so a new code cannot ship in English only.
extension DiagnosticCode {
    var persian: (title: String, explanation: Explanation) {
        switch self {
        case .unterminatedString:
            (
                "متن باز ماند",
                Explanation(
                    meaning: "متنی در گیومه باز شده و تا پایان همان سطر بسته نشده است.",
                    why:
                        "هر چه پس از گیومهٔ باز می‌آید جزو متن خوانده می‌شود و بقیهٔ سطر فهمیده نمی‌شود.",
                    fix:
                        #"گیومهٔ بسته (`"` یا `»`) را پیش از پایان سطر بگذارید؛ متن نمی‌تواند چند سطر باشد."#,
                    example: details.example)
            )
        case .unknownEscape:
            (
                "گریز ناشناخته در متن",
                Explanation(
                    meaning:
                        #"پس از بک‌اسلش در متن نویسه‌ای آمده که گریز نیست؛ فقط `\"` و `\\` و `\n` گریزند."#,
                    why:
                        "مسیر نمی‌داند بک‌اسلش برای چه بوده و حدس زدن، متنی را که شهروند می‌بیند عوض می‌کند.",
                    fix: "خود نویسه را بنویسید، یا اگر خود بک‌اسلش را می‌خواهید آن را دوتا کنید.",
                    example: details.example)
            )
        case .curlyQuotes:
            (
                "گیومهٔ خمیده",
                Explanation(
                    meaning:
                        "متن میان گیومه‌های خمیده (“…” یا ‘…’) آمده که واژه‌پردازها به جای گیومهٔ راست می‌گذارند.",
                    why:
                        #"مسیر فقط "…" و «…» را لبهٔ متن می‌شناسد، پس متن و بقیهٔ سطر فهمیده نمی‌شود."#,
                    fix: #"گیومه‌ها را به "…" یا «…» برگردانید؛ اصلاح پیشنهادی همین کار را می‌کند."#,
                    example: details.example)
            )
        case .persianComma:
            (
                "ویرگول فارسی میان اقلام",
                Explanation(
                    meaning: "ویرگول فارسی ، اقلام یک فهرست را از هم جدا کرده است.",
                    why:
                        "بیرون از گیومه فقط ویرگول لاتین اقلام را جدا می‌کند، پس فهرست فهمیده نمی‌شود.",
                    fix:
                        "میان اقلام به جای ، از , استفاده کنید (اصلاح پیشنهادی همین است)؛ درون متن فارسی ویرگول فارسی درست است.",
                    example: details.example)
            )
        case .unexpectedCharacter:
            (
                "نویسهٔ نابه‌جا",
                Explanation(
                    meaning:
                        "نویسه‌ای آمده که هیچ بخشی از زبان آن را به کار نمی‌برد، مانند نقطه‌ویرگول یا نمادی سرگردان.",
                    why: "بند از آن نویسه به بعد خوانده نمی‌شود و قاعده یا تعریفِ آن بار نمی‌شود.",
                    fix: "نویسه را بردارید؛ بندها نقطه‌ویرگول نمی‌خواهند و سطر تازه کافی است.",
                    example: details.example)
            )
        case .strayJoiner:
            (
                "نیم‌فاصلهٔ نامرئی بیرون از گیومه",
                Explanation(
                    meaning:
                        "نیم‌فاصله (ZWNJ) یا نویسهٔ اتصال نامرئی دیگری بیرون از گیومه آمده است، معمولاً درون شناسه‌ای که با صفحه‌کلید فارسی تایپ شده.",
                    why:
                        "شناسه‌هایی که یکسان دیده می‌شوند با نویسهٔ پنهان متفاوت می‌شوند و بعداً «نام ناشناخته» گیج‌کننده‌ای می‌سازند.",
                    fix:
                        "میان واژه‌های شناسه `_` بگذارید (اصلاح پیشنهادی همین است) یا اگر عبارت فارسی است آن را در گیومه بگذارید.",
                    example: details.example)
            )
        case .mixedIndentation:
            (
                "تورفتگی با تب و فاصله",
                Explanation(
                    meaning: "سطری هم با تب و هم با فاصله تورفته است.",
                    why:
                        "ویرایشگرها تب را با پهنای متفاوت نشان می‌دهند و همکاران فایل را متفاوت می‌بینند.",
                    fix: "`masir fmt` را روی فایل اجرا کنید تا همه را با فاصله تورفتگی دهد.",
                    example: details.example)
            )
        case .expectedRulebook:
            (
                "فایل با `rulebook` آغاز نمی‌شود",
                Explanation(
                    meaning:
                        "فایل با `rulebook <id>` آغاز نشده است (پیش از آن فقط توضیح و سطر خالی می‌تواند بیاید).",
                    why:
                        "سرآیند نام دفترچه و دفترچهٔ والد را می‌گوید؛ بی آن هیچ چیز فایل بار نمی‌شود.",
                    fix:
                        "فایل را با `rulebook <id>` آغاز کنید، و برای استان‌ها `extends <parent>`: `rulebook hamedan extends national`.",
                    example: details.example)
            )
        case .expectedToken:
            (
                "واژه یا نماد لازم نیامده",
                Explanation(
                    meaning:
                        "واژهٔ کلیدی یا نمادی که باید این‌جا بیاید نیامده است، مثلاً `to` پس از `refer`.",
                    why: "بقیهٔ بند خوانده نمی‌شود و قاعده یا تعریف چنان که نوشته شده بار نمی‌شود.",
                    fix: "واژه یا نمادی را که پیام نام می‌برد بیفزایید.",
                    example: details.example)
            )
        case .expectedName:
            (
                "شناسه لازم است",
                Explanation(
                    meaning:
                        "این‌جا شناسه (واژه‌ای بی‌گیومه) لازم است: نام نهاد، دسته، شهرستان، قاعده، فیلد یا نردبان.",
                    why:
                        "قاعده‌ها با شناسه به یکدیگر و به نهادها اشاره می‌کنند و متن در گیومه یا عدد شناسه نیست.",
                    fix:
                        "شناسه را واژه‌ای ساده با `_` میان بخش‌هایش بنویسید و نام فارسی را پس از آن در گیومه بیاورید.",
                    example: details.example)
            )
        case .expectedLabel:
            (
                "نام در گیومه لازم است",
                Explanation(
                    meaning:
                        "این‌جا متنی در گیومه لازم است، معمولاً نام فارسی نهاد، دسته یا شهرستان.",
                    why: "نام فارسی همان است که کارشناس و شهروند در تصمیم‌ها می‌بینند.",
                    fix: #"نام را پس از شناسه در گیومه بیاورید: `agency relief "کمیته امداد"`."#,
                    example: details.example)
            )
        case .expectedExpression:
            (
                "شرط یا مقدار لازم است",
                Explanation(
                    meaning:
                        "این‌جا شرط یا مقداری لازم است، اما چیز دیگری آمده است، مثلاً میان `when` و `refer to` چیزی نیست.",
                    why: "بی شرط، مسیر نمی‌داند قاعده کی به کار می‌رود و قاعده بار نمی‌شود.",
                    fix:
                        "پس از `when` شرطی بنویسید که فیلدی از پرونده را با مقداری بسنجد: `when caller.needy is yes`.",
                    example: details.example)
            )
        case .expectedEnd:
            (
                "بلوک با `end` بسته نشده",
                Explanation(
                    meaning:
                        "بلوکی (`case`، `calendar`، `routing` یا `escalation`) پیش از تعریف بعدی یا پایان فایل با `end` بسته نشده است.",
                    why: "هر چه پس از آن می‌آید جزو بلوک خوانده می‌شود و خطاهای بعدی گمراه‌کننده‌اند.",
                    fix: "سطری با `end` در پایان بلوک بگذارید.",
                    example: details.example)
            )
        case .unknownDeclaration:
            (
                "آغاز ناشناختهٔ تعریف",
                Explanation(
                    meaning:
                        "سطری در سطح بالای فایل با واژه‌ای آغاز شده که هیچ تعریفی با آن آغاز نمی‌شود، اغلب واژهٔ کلیدی غلط‌تایپ‌شده.",
                    why: "آن تعریف بار نمی‌شود و آنچه به آن اشاره می‌کند نیز خطا می‌دهد.",
                    fix: "واژهٔ کلیدی را درست بنویسید؛ پیشنهاد «منظورتان … بود؟» را ببینید.",
                    example: details.example)
            )
        case .unknownClause:
            (
                "بند ناشناخته",
                Explanation(
                    meaning:
                        "درون قاعده، گروه، نردبان یا تقویم واژه‌ای آمده که هیچ بندی با آن آغاز نمی‌شود، اغلب واژهٔ کلیدی غلط‌تایپ‌شده.",
                    why: "آن بند نادیده می‌ماند و قاعده چنان که نوشته شده کار نمی‌کند.",
                    fix: "واژهٔ کلیدی را درست بنویسید؛ پیام بندهای مجاز را نام می‌برد.",
                    example: details.example)
            )
        case .duplicateClause:
            (
                "بند تکراری",
                Explanation(
                    meaning: "یک بند، مانند `refer to` یا `sla`، دو بار آمده است.",
                    why: "دومی بی‌صدا برنده می‌شد و نیت نویسنده گم می‌شد.",
                    fix: "یکی از دو بند را نگه دارید.",
                    example: details.example)
            )
        case .equalsOperator:
            (
                "`=` عملگر مسیر نیست",
                Explanation(
                    meaning:
                        "برای مقایسه `==`، `=` یا `!=` آمده است؛ مسیر با `is` و `is not` مقایسه می‌کند.",
                    why: "شرط خوانده نمی‌شود و قاعده بار نمی‌شود.",
                    fix: "`is` یا `is not` بنویسید (اصلاح پیشنهادی همین است).",
                    example: details.example)
            )
        case .chainedComparison:
            (
                "مقایسهٔ زنجیره‌ای",
                Explanation(
                    meaning: "دو مقایسه پشت هم آمده‌اند، مانند `10 < amount < 20`.",
                    why: "معنای این نوشته مبهم است و مسیر آن را نمی‌پذیرد.",
                    fix: "دو مقایسه را با `and` بپیوندید: `amount > 10 and amount < 20`.",
                    example: details.example)
            )
        case .durationWithoutUnit:
            (
                "مدت بی یکا",
                Explanation(
                    meaning: "مدتی، مانند `sla`، عدد دارد اما یکا ندارد.",
                    why: "روشن نیست عدد روز است یا ساعت، و مهلت پرونده‌ها به آن بسته است.",
                    fix: "یکا را بنویسید: `3 working days` یا `48 hours`.",
                    example: details.example)
            )
        case .unknownUnit:
            (
                "یکای ناشناختهٔ زمان",
                Explanation(
                    meaning: "مدتی یکایی دارد که مسیر ندارد، مانند هفته یا ماه.",
                    why: "مهلت درست حساب نمی‌شود.",
                    fix:
                        "از `days`، `hours` یا `minutes` (با `working` در صورت نیاز) استفاده کنید.",
                    example: details.example)
            )
        case .unknownHitPolicy:
            (
                "سیاست تعارض ناشناخته",
                Explanation(
                    meaning:
                        "سیاست گروه مسیریابی `first match`، `highest priority` یا `all matches` نیست.",
                    why: "مسیر نمی‌داند وقتی چند قاعده جور درمی‌آیند کدام تصمیم بگیرد.",
                    fix: "یکی از سه سیاست را بنویسید؛ اصلاح پیشنهادی نزدیک‌ترین را می‌گذارد.",
                    example: details.example)
            )
        case .unknownAction:
            (
                "کنش ناشناخته",
                Explanation(
                    meaning: "بند `then` یک پلهٔ نردبان کنشی را نام برده که وجود ندارد.",
                    why: "آن پله هیچ کاری نمی‌کند و پرونده ارجاع بالاتر نمی‌شود.",
                    fix:
                        "یکی از `remind assignee`، `escalate to`، `notify` یا `raise priority to` را بنویسید.",
                    example: details.example)
            )
        case .invalidDate:
            (
                "تاریخ نامعتبر",
                Explanation(
                    meaning:
                        "تاریخی وجود ندارد (ماه سیزدهم، روزی پس از پایان ماه) یا به صورت سال/ماه/روز نوشته نشده است.",
                    why: "قاعده یا تقویمی که به آن تاریخ بسته است درست کار نمی‌کند.",
                    fix:
                        "تاریخ را به صورت `1403/07/01` یا `2024-09-22` بنویسید و روز را در ماه نگه دارید.",
                    example: details.example)
            )
        case .invalidTime:
            (
                "ساعت نامعتبر",
                Explanation(
                    meaning: "ساعتی بیرون از 00:00 تا 24:00 است یا بیش از 59 دقیقه دارد.",
                    why: "ساعت کاری یا مهلتی که به آن بسته است درست حساب نمی‌شود.",
                    fix: "ساعت را میان 00:00 و 24:00 بنویسید.",
                    example: details.example)
            )
        case .numberTooLarge:
            (
                "عدد بیش از اندازه بزرگ",
                Explanation(
                    meaning: "عددی در ۶۴ بیت نمی‌گنجد (بزرگ‌تر از 9,223,372,036,854,775,807 است).",
                    why: "مسیر نمی‌تواند آن را بخواند یا مقایسه کند.",
                    fix: "رقم‌های اضافه را بردارید.",
                    example: details.example)
            )
        case .outOfRange:
            (
                "مقدار بیرون از بازهٔ مجاز",
                Explanation(
                    meaning:
                        "مدت، مبلغ، عدد یا تاریخی بیرون از بازه‌ای است که دفترچه می‌تواند به کار ببرد.",
                    why: "چنین مقداری تقریباً همیشه غلط تایپی است و مهلت یا شرط را بی‌معنا می‌کند.",
                    fix: "رقم اضافه، یکای نادرست یا سال غلط‌تایپ‌شده را پیدا و درست کنید.",
                    example: details.example)
            )
        case .tooDeep:
            (
                "شرط بیش از اندازه تودرتو",
                Explanation(
                    meaning: "شرطی بیش از ۶۴ سطح تودرتو است یا بیش از ۵۰۰ عملگر پشت هم دارد.",
                    why: "چنین شرطی را نه انسان می‌تواند بخواند و نه مسیر بی‌خطر ارزیابی کند.",
                    fix: "آن را به چند قاعده بشکنید یا برای گزینه‌های بسیار از فهرست استفاده کنید.",
                    example: details.example)
            )
        case .otherwiseNotLast:
            (
                "`otherwise` آخر نیست",
                Explanation(
                    meaning: "پس از `otherwise` گروه مسیریابی قاعده‌های دیگری آمده است.",
                    why:
                        "`otherwise` برای پرونده‌هایی است که هیچ قاعده‌ای نگرفته، پس قاعده‌های پس از آن گمراه‌کننده‌اند.",
                    fix: "`otherwise` را به آخر گروه، پیش از `end`، ببرید.",
                    example: details.example)
            )
        case .ruleWithoutCondition:
            (
                "قاعده بی `when`",
                Explanation(
                    meaning: "قاعده‌ای شرط `when` ندارد.",
                    why: "مسیر نمی‌داند قاعده کی به کار می‌رود.",
                    fix:
                        "پس از نام قاعده `when …` بنویسید؛ برای پرونده‌هایی که هیچ قاعده‌ای نمی‌گیرد از `otherwise` استفاده کنید.",
                    example: details.example)
            )
        case .ruleWithoutOutcome:
            (
                "قاعده بی پیامد",
                Explanation(
                    meaning:
                        "قاعده‌ای شرط دارد اما پیامد ندارد: نه `refer to`، نه `priority`، نه `sla`، نه `because` و نه `ladder`.",
                    why: "چنین قاعده‌ای چیزی دربارهٔ پرونده نمی‌گوید.",
                    fix: "پس از شرط دست‌کم یک پیامد بیفزایید، مانند `refer to <agency>`.",
                    example: details.example)
            )
        case .reservedWord:
            (
                "واژهٔ رزروشده به‌جای شناسه",
                Explanation(
                    meaning: "`yes`، `no`، `true` یا `false` به‌جای شناسه آمده است.",
                    why: "این واژه‌ها مقدار بله/خیرند و شناسه نمی‌شوند.",
                    fix: "شناسهٔ دیگری برگزینید.",
                    example: details.example)
            )
        case .unknownAgency:
            (
                "نهاد تعریف‌نشده",
                Explanation(
                    meaning:
                        "`refer to`، `copy`، کنش نردبان یا `supervisor` نهادی را نام برده که دفترچه و والدهایش تعریف نکرده‌اند.",
                    why: "پرونده‌ها به نهادی ارجاع می‌شدند که وجود ندارد.",
                    fix: "نام را درست بنویسید یا نهاد را با `agency` تعریف کنید.",
                    example: details.example)
            )
        case .unknownCategory:
            (
                "دستهٔ تعریف‌نشده",
                Explanation(
                    meaning: "شرطی یا `under` دسته‌ای دسته‌ای را نام برده که تعریف نشده است.",
                    why: "شرط هرگز درست نمی‌شد و پرونده‌های آن دسته جای دیگری می‌رفتند.",
                    fix: "نام را درست بنویسید یا دسته را با `category` تعریف کنید.",
                    example: details.example)
            )
        case .unknownCounty:
            (
                "شهرستان تعریف‌نشده",
                Explanation(
                    meaning: "شرطی شهرستانی را نام برده که تعریف نشده است.",
                    why: "قاعده برای پرونده‌های آن شهرستان به کار نمی‌رفت.",
                    fix:
                        "نام را درست بنویسید؛ اگر شهرستان از استان دیگری است، قاعده را در دفترچهٔ همان استان بنویسید.",
                    example: details.example)
            )
        case .unknownCalendar:
            (
                "تقویم تعریف‌نشده",
                Explanation(
                    meaning:
                        "سرآیند یا نردبانی تقویمی را نام برده که تعریف نشده، یا مدت کاری جایی به کار رفته که تقویمی ندارد.",
                    why: "مهلت‌های کاری بی تقویم حساب نمی‌شوند.",
                    fix: "تقویم را تعریف کنید یا نام را درست بنویسید.",
                    example: details.example)
            )
        case .unknownLadder:
            (
                "نردبان تعریف‌نشده",
                Explanation(
                    meaning: "سرآیند یا قاعده‌ای نردبان ارجاعی را نام برده که تعریف نشده است.",
                    why: "پرونده‌ها بی پیگیری می‌ماندند.",
                    fix: "نام را درست بنویسید یا نردبان را با `escalation` تعریف کنید.",
                    example: details.example)
            )
        case .unknownField:
            (
                "فیلد تعریف‌نشده",
                Explanation(
                    meaning: "شرط یا پلهٔ نردبانی فیلدی را نام برده که طرح پرونده تعریف نکرده است.",
                    why: "شرط روی داده‌ای که وجود ندارد هرگز درست نمی‌شود.",
                    fix: "نام فیلد را درست بنویسید یا آن را در `case` تعریف کنید.",
                    example: details.example)
            )
        case .unknownType:
            (
                "نوع ناشناخته",
                Explanation(
                    meaning: "فیلدی از طرح پرونده با نوعی تعریف شده که وجود ندارد.",
                    why: "مسیر نمی‌داند مقدار آن فیلد را چگونه بخواند.",
                    fix: "یکی از نوع‌های مسیر یا یک `enum` تعریف‌شده را بنویسید.",
                    example: details.example)
            )
        case .unknownValue:
            (
                "مقدار ناشناختهٔ شمارشی",
                Explanation(
                    meaning: "مقداری جزو مقدارهای `enum` خود نیست.",
                    why: "شرط هرگز درست نمی‌شد.",
                    fix: "مقدار را درست بنویسید یا آن را به `enum` بیفزایید.",
                    example: details.example)
            )
        case .unknownWeekday:
            (
                "روز هفتهٔ ناشناخته",
                Explanation(
                    meaning: "تقویمی روزی از هفته را نام برده که وجود ندارد.",
                    why: "ساعت کاری آن روز گم می‌شد.",
                    fix: "از `saturday` تا `friday` یکی را بنویسید.",
                    example: details.example)
            )
        case .unknownFunction:
            (
                "تابع ناشناخته",
                Explanation(
                    meaning: "شرطی تابعی را فراخوانده که مسیر ندارد.",
                    why: "شرط ارزیابی نمی‌شود.",
                    fix: "نام تابع را درست بنویسید؛ پیام تابع‌های موجود را نام می‌برد.",
                    example: details.example)
            )
        case .unknownPriority:
            (
                "اولویت ناشناخته",
                Explanation(
                    meaning:
                        "قاعده یا `raise priority to` نردبان اولویتی را نام برده که وجود ندارد.",
                    why: "پرونده با اولویت نادرست رسیدگی می‌شد.",
                    fix: "یکی از `urgent`، `high`، `normal` یا `low` را بنویسید.",
                    example: details.example)
            )
        case .unknownRule:
            (
                "قاعدهٔ ناشناخته",
                Explanation(
                    meaning: "قاعده‌ای نام برده شده که گروهش ندارد.",
                    why: "جایگزینی یا غیرفعال‌سازی اثری نداشت.",
                    fix: "نام قاعده را درست بنویسید.",
                    example: details.example)
            )
        case .unknownLevel:
            (
                "پلهٔ ناشناخته",
                Explanation(
                    meaning: "پلهٔ نردبانی نام برده شده که نردبانش ندارد.",
                    why: "جایگزینی یا غیرفعال‌سازی اثری نداشت.",
                    fix: "نام پله را درست بنویسید.",
                    example: details.example)
            )
        case .duplicateName:
            (
                "شناسهٔ تکراری",
                Explanation(
                    meaning:
                        "دو تعریف یک شناسه دارند، یا استانی چیزی را که به ارث برده دوباره تعریف کرده است.",
                    why: "معلوم نیست کدام یک منظور است.",
                    fix:
                        "به یکی شناسهٔ دیگری بدهید، یکی را بردارید، یا برای تغییر موروثی `replace` بنویسید.",
                    example: details.example)
            )
        case .overrideOfMissing:
            (
                "جایگزینی چیزی که به ارث نرسیده",
                Explanation(
                    meaning: "`replace` یا `disable` چیزی را نام برده که دفترچه به ارث نبرده است.",
                    why: "جایگزینی اثری ندارد و نیت نویسنده انجام نمی‌شود.",
                    fix: "نام را درست بنویسید؛ فقط تعریف‌های دفترچهٔ والد جایگزین‌شدنی‌اند.",
                    example: details.example)
            )
        case .unknownParent:
            (
                "دفترچهٔ والد پیدا نشد",
                Explanation(
                    meaning: "`extends X` دفترچه‌ای را نام برده که پیدا نمی‌شود.",
                    why: "بی والد، همهٔ تعریف‌های ملی گم می‌شوند.",
                    fix: "نام والد را درست بنویسید یا فایل آن را کنار دفترچه بگذارید.",
                    example: details.example)
            )
        case .inheritanceCycle:
            (
                "ارث‌بری دوری",
                Explanation(
                    meaning:
                        "دفترچه‌ها در دایره‌ای از یکدیگر ارث می‌برند، یا دسته‌ای از راه والدهایش زیر خودش است.",
                    why: "هیچ ترتیبی برای بار کردن آن‌ها نیست.",
                    fix: "یکی از `extends` یا `under`ها را بردارید تا دایره بشکند.",
                    example: details.example)
            )
        case .importFailed:
            (
                "خواندن فایل ممکن نشد",
                Explanation(
                    meaning: "فایلی که `import` یا `extends` نام برده خوانده نمی‌شود.",
                    why: "تعریف‌های آن فایل گم می‌شوند.",
                    fix: "مسیر فایل و دسترسی خواندن آن را بررسی کنید.",
                    example: details.example)
            )
        case .holidayFile:
            (
                "فایل تعطیلات نادرست",
                Explanation(
                    meaning: "جدول تعطیلاتی که تقویم نام برده خوانده نمی‌شود یا درست نیست.",
                    why: "مهلت‌های کاری بی تعطیلات نادرست حساب می‌شوند.",
                    fix: "مسیر و قالب فایل تعطیلات را درست کنید.",
                    example: details.example)
            )
        case .typeMismatch:
            (
                "ناسازگاری نوع",
                Explanation(
                    meaning:
                        "مقدارهایی از نوع‌های متفاوت با هم مقایسه یا ترکیب شده‌اند، مانند مبلغ با عدد ساده.",
                    why: "شرط معنایی ندارد و هرگز چنان که منظور بوده درست نمی‌شود.",
                    fix: "دو سو را هم‌نوع کنید، مثلاً به مبلغ `rials` بیفزایید.",
                    example: details.example)
            )
        case .notBoolean:
            (
                "شرط بله/خیر نیست",
                Explanation(
                    meaning:
                        "شرط یک مقدار است، مانند متن، عدد یا تاریخ به‌تنهایی، نه آزمونی بله/خیر.",
                    why: "مسیر نمی‌داند کی شرط درست است.",
                    fix: "مقدار را با چیزی مقایسه کنید: `amount > 0 rials`.",
                    example: details.example)
            )
        case .optionalWithoutGuard:
            (
                "فیلد اختیاری بی نگهبان",
                Explanation(
                    meaning:
                        "شرطی از فیلد اختیاری بی پیش‌فرض استفاده کرده بی آن‌که نخست بودنش را بیازماید.",
                    why: "برای پرونده‌هایی که فیلد را ندارند شرط بی‌صدا نادرست می‌شود.",
                    fix: "پیش از آن `field is present and …` بنویسید یا با `??` پیش‌فرض بدهید.",
                    example: details.example)
            )
        case .wrongArguments:
            (
                "آرگومان‌های نادرست",
                Explanation(
                    meaning: "تابعی با تعداد یا نوع نادرستی از مقدارها فراخوانده شده است.",
                    why: "تابع ارزیابی نمی‌شود.",
                    fix: "آرگومان‌ها را مطابق تعریف تابع بدهید.",
                    example: details.example)
            )
        case .invalidSchema:
            (
                "طرح پرونده ناسازگار",
                Explanation(
                    meaning:
                        "طرح پرونده ناسازگار است، مثلاً فیلدی که دسته نیست از شرح پرونده استنتاج می‌شود.",
                    why: "پرونده‌ها درست خوانده یا دسته‌بندی نمی‌شوند.",
                    fix: "فیلد را از نوع درست تعریف کنید یا استنتاج را بردارید.",
                    example: details.example)
            )
        case .invalidCalendar:
            (
                "تقویم نادرست",
                Explanation(
                    meaning:
                        "بندی از تقویم درست نمی‌تواند باشد، مانند ساعت کاری‌ای که پیش از آغازش تمام می‌شود.",
                    why: "مهلت‌های کاری با این تقویم حساب نمی‌شوند.",
                    fix: "ساعت‌ها و بازه‌ها را چنان بنویسید که پایان پس از آغاز باشد.",
                    example: details.example)
            )
        case .ruleShadowed:
            (
                "قاعدهٔ پوشیده",
                Explanation(
                    meaning:
                        "در گروه `first match` قاعده‌های بالاتر هر پرونده‌ای را که این قاعده می‌گیرد پیش‌تر می‌گیرند، پس این قاعده هرگز تصمیم نمی‌گیرد.",
                    why: "نویسنده گمان می‌کند قاعده کار می‌کند در حالی که هرگز به کار نمی‌رود.",
                    fix: "قاعده را بالاتر ببرید، شرطش را دقیق‌تر کنید یا آن را بردارید.",
                    example: details.example)
            )
        case .ruleUnsatisfiable:
            (
                "شرط ناممکن",
                Explanation(
                    meaning: "شرط قاعده برای هیچ پروندهٔ معتبری درست نیست.",
                    why: "قاعده هرگز به کار نمی‌رود.",
                    fix: "بخش‌های متناقض شرط را درست کنید.",
                    example: details.example)
            )
        case .partNeverHolds:
            (
                "بخش شرطی هرگز برقرار نیست",
                Explanation(
                    meaning:
                        "شرط یک بخش شرطی از نتیجه (`copy …`، `priority …`، `sla …` یا `because …` با `when`) برای هیچ پرونده‌ای که قاعده‌اش می‌گیرد درست نیست.",
                    why:
                        "رونوشت، اولویت، مهلت یا دلیلی که برایش نوشته شده هرگز داده نمی‌شود و بخشی از بخشنامه بی‌صدا اجرا نمی‌شود.",
                    fix: "شرط را درست کنید (اغلب با شرط خود قاعده ناسازگار است) یا بخش را بردارید.",
                    example: details.example)
            )
        case .partAlwaysHolds:
            (
                "بخش شرطی همیشه برقرار است",
                Explanation(
                    meaning:
                        "شرط یک بخش شرطی از نتیجه برای همهٔ پرونده‌هایی که قاعده‌اش می‌گیرد درست است.",
                    why:
                        "`when` می‌گوید برخی پرونده‌های قاعده جور دیگری رفتار می‌شوند، حال آنکه هیچ‌کدام نمی‌شوند؛ خواننده یا ویرایش بعدی گمراه می‌شود.",
                    fix: "`when …` را بردارید و بخش را بی‌شرط بنویسید، یا شرط را درست کنید.",
                    example: details.example)
            )
        case .notAnalysed:
            (
                "بررسی‌نشده",
                Explanation(
                    meaning:
                        "برخی قاعده‌های گروه شرط‌هایی دارند که بررسی‌کننده دقیقاً دربارهٔ آن‌ها استدلال نمی‌کند، یا بودجهٔ کار تمام شده است.",
                    why: "یافته‌های آن گروه کامل نیستند.",
                    fix: "گروه را کوچک‌تر کنید یا این قاعده‌ها را با آزمون دفترچه پوشش دهید.",
                    example: details.example)
            )
        case .groupGap:
            (
                "شکاف در گروه",
                Explanation(
                    meaning:
                        "گروه مسیریابی `otherwise` ندارد و برخی پرونده‌های معتبر با هیچ قاعده‌ای جور درنمی‌آیند.",
                    why: "آن پرونده‌ها بی ارجاع می‌مانند.",
                    fix: "`otherwise` بیفزایید یا قاعده‌ای برای نمونهٔ پیام بنویسید.",
                    example: details.example)
            )
        case .ruleOverlap:
            (
                "هم‌پوشانی قاعده‌ها",
                Explanation(
                    meaning:
                        "در گروه `highest priority` دو قاعده با اولویت برابر و پیامد متفاوت می‌توانند یک پرونده را بگیرند.",
                    why: "تصمیم به ترتیب نوشتن بسته می‌شود، نه به سیاست.",
                    fix: "اولویت‌ها را متفاوت کنید یا شرط‌ها را از هم جدا کنید.",
                    example: details.example)
            )
        case .redundantOverride:
            (
                "جایگزینی بی‌اثر",
                Explanation(
                    meaning: "`replace rule` استان قاعدهٔ موروثی را بی تغییر تکرار کرده است.",
                    why: "خواننده گمان می‌کند استان چیزی را عوض کرده است.",
                    fix: "`replace rule` را بردارید.",
                    example: details.example)
            )
        case .deadInheritedRule:
            (
                "قاعدهٔ موروثیِ مرده",
                Explanation(
                    meaning:
                        "همهٔ دفترچه‌هایی که این دفترچه را گسترش می‌دهند این قاعده را جایگزین یا غیرفعال کرده‌اند.",
                    why: "هیچ پرونده‌ای با آن تصمیم نمی‌گیرد.",
                    fix: "قاعده را بردارید یا در استان‌هایی که نیازش دارند نگه دارید.",
                    example: details.example)
            )
        case .unusedAgency:
            (
                "نهاد بی‌استفاده",
                Explanation(
                    meaning:
                        "نهادی تعریف شده اما هیچ قاعده یا نردبانی به آن ارجاع نمی‌دهد و سرپرست هیچ نهادی نیست.",
                    why: "اغلب نشانهٔ غلط تایپی در نام یا باقی‌ماندهٔ ویرایش قدیمی است.",
                    fix: "آن را بردارید یا در قاعده‌ای به کار ببرید.",
                    example: details.example)
            )
        case .unusedCategory:
            (
                "دستهٔ بی‌استفاده",
                Explanation(
                    meaning: "دسته‌ای کلیدواژه و زیردسته ندارد و هیچ قاعده‌ای آن را نمی‌آزماید.",
                    why: "هیچ پرونده‌ای هرگز در آن دسته قرار نمی‌گیرد.",
                    fix: "عبارت‌های `mentions` بیفزایید یا آن را در قاعده‌ای به کار ببرید.",
                    example: details.example)
            )
        case .unusedLadder:
            (
                "نردبان بی‌استفاده",
                Explanation(
                    meaning:
                        "نردبان ارجاعی تعریف شده اما هیچ قاعده‌ای آن را نام نمی‌برد و نردبان پیش‌فرض نیست.",
                    why: "پرونده‌ها با آن پیگیری نمی‌شوند.",
                    fix: "آن را بردارید یا با `ladder …` یا `default ladder` به کار ببرید.",
                    example: details.example)
            )
        case .ladderOrder:
            (
                "ترتیب نادرست پله‌ها",
                Explanation(
                    meaning:
                        "در نردبان، پله‌ای که از همان نقطهٔ آغاز شمرده می‌شود زودتر یا هم‌زمان با پلهٔ پیش از خود سررسید می‌شود.",
                    why: "پله‌ها به ترتیبی که نوشته شده‌اند رخ نمی‌دهند.",
                    fix: "آستانه‌ها را به ترتیب افزایشی بنویسید.",
                    example: details.example)
            )
        case .levelUnreachable:
            (
                "پلهٔ دست‌نیافتنی",
                Explanation(
                    meaning: "شرط `when` پلهٔ نردبان هرگز درست نیست.",
                    why: "آن پله هرگز رخ نمی‌دهد.",
                    fix: "شرط را درست کنید یا پله را بردارید.",
                    example: details.example)
            )
        case .escalateToHolder:
            (
                "ارجاع به نهاد دارندهٔ پرونده",
                Explanation(
                    meaning:
                        "پلهٔ نردبان به نهادی ارجاع می‌دهد که قاعده‌های این نردبان پرونده را همان‌جا فرستاده‌اند.",
                    why: "ارجاع بالاتر پرونده را جابه‌جا نمی‌کند.",
                    fix: "نهاد بالاتری، مانند سرپرست، را نام ببرید.",
                    example: details.example)
            )
        case .supervisorCycle:
            (
                "سرپرستی دوری",
                Explanation(
                    meaning: "بندهای `supervisor` نهادها دایره ساخته‌اند.",
                    why: "ارجاع بالاتر هرگز به پایان نمی‌رسد.",
                    fix: "یکی از بندهای `supervisor` را عوض کنید تا دایره بشکند.",
                    example: details.example)
            )
        case .holidayCoverage:
            (
                "جدول تعطیلات ناکامل",
                Explanation(
                    meaning:
                        "جدول تعطیلات تقویم همهٔ سال را از تاریخ `effective` دفترچه پوشش نمی‌دهد.",
                    why: "مهلت‌ها در روزهای بی‌پوشش تعطیلات را نمی‌بینند.",
                    fix: "جدول تعطیلات را برای همهٔ سال کامل کنید.",
                    example: details.example)
            )
        case .weekdayUndeclared:
            (
                "روز هفتهٔ بی تکلیف",
                Explanation(
                    meaning: "تقویمی برای روزی از هفته نه ساعت کاری داده و نه `off`.",
                    why: "معلوم نیست آن روز کاری است یا نه.",
                    fix: "برای آن روز ساعت کاری یا `off` بنویسید.",
                    example: details.example)
            )
        case .noWorkingHours:
            (
                "تقویم بی ساعت کاری",
                Explanation(
                    meaning: "تقویمی در هیچ روز هفته ساعت کاری ندارد.",
                    why: "هیچ مهلت کاری‌ای هرگز سررسید نمی‌شود.",
                    fix: "ساعت کاری دست‌کم یک روز را بنویسید.",
                    example: details.example)
            )
        }
    }
}
