/// A hand-written compact JSON form of decisions, byte-for-byte what `JSONEncoder` with sorted
/// keys writes (a test holds them equal), at a fraction of the cost: batch routing writes one
/// per case.
extension Decision {
    public var compactJSON: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1_024)
        appendJSON(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `compactJSON`'s bytes, for writers that gather many decisions in one buffer.
    public func appendJSON(to bytes: inout [UInt8]) {
        var out = JSONWriter()
        swap(&out.bytes, &bytes)
        defer { swap(&out.bytes, &bytes) }
        out.object {
            $0.key("at"); $0.moment(at)
            $0.key("caseDigest"); $0.string(caseDigest)
            if let value = caseId { $0.key("caseId"); $0.string(value) }
            if let category {
                $0.key("category")
                $0.object {
                    $0.key("id"); $0.string(category.id)
                    if let keywords = category.keywords {
                        $0.key("keywords"); $0.array(keywords) { $0.string($1) }
                    }
                    $0.key("label"); $0.string(category.label)
                    $0.key("source"); $0.string(category.source)
                }
            }
            $0.key("errors")
            $0.array(errors) { w, e in
                w.object {
                    if let field = e.field { $0.key("field"); $0.string(field) }
                    $0.key("group"); $0.string(e.group)
                    $0.key("message"); $0.string(e.message)
                    $0.key("rule"); $0.string(e.rule)
                }
            }
            if let escalation {
                $0.key("escalation")
                $0.object {
                    $0.key("clock"); $0.string(escalation.clock)
                    if let current = escalation.current { $0.key("current"); $0.string(current) }
                    $0.key("effectivePriority"); $0.string(escalation.effectivePriority)
                    $0.key("ladder"); $0.string(escalation.ladder)
                    $0.key("levels"); $0.array(escalation.levels) { $0.level($1) }
                    if let next = escalation.next { $0.key("next"); $0.level(next) }
                }
            }
            $0.key("format"); $0.string(format)
            $0.key("priority")
            $0.object {
                $0.key("label"); $0.string(priority.label)
                $0.key("level"); $0.string(priority.level)
                if let rule = priority.rule { $0.key("rule"); $0.string(rule) }
                $0.key("value"); $0.number(priority.value)
            }
            if let reason {
                $0.key("reason")
                $0.object {
                    $0.key("rule"); $0.string(reason.rule)
                    $0.key("text"); $0.string(reason.text)
                }
            }
            $0.key("referrals")
            $0.array(referrals) { w, r in
                w.object {
                    $0.key("agency"); $0.string(r.agency)
                    $0.key("group"); $0.string(r.group)
                    $0.key("name"); $0.string(r.name)
                    $0.key("role"); $0.string(r.role)
                    $0.key("rule"); $0.string(r.rule)
                }
            }
            $0.key("rulebook")
            $0.object {
                $0.key("digest"); $0.string(rulebook.digest)
                $0.key("id"); $0.string(rulebook.id)
                $0.key("lineage"); $0.array(rulebook.lineage) { $0.string($1) }
                if let version = rulebook.version { $0.key("version"); $0.string(version) }
            }
            if let sla {
                $0.key("sla")
                $0.deadline(sla)
            }
            if let targets {
                $0.key("targets")
                $0.array(targets) { w, t in w.deadline(t.deadline, of: t) }
            }
            if let trace {
                $0.key("trace")
                $0.array(trace) { w, t in
                    w.object {
                        $0.key("condition"); $0.string(t.condition)
                        if let failed = t.failed { $0.key("failed"); $0.string(failed) }
                        $0.key("file"); $0.string(t.file)
                        $0.key("group"); $0.string(t.group)
                        if let label = t.label { $0.key("label"); $0.string(label) }
                        if let line = t.line { $0.key("line"); $0.number(line) }
                        if let parts = t.parts {
                            $0.key("parts")
                            $0.array(parts) { w, part in w.tracePart(part) }
                        }
                        $0.key("result"); $0.string(t.result)
                        $0.key("rule"); $0.string(t.rule)
                        if let saw = t.saw { $0.key("saw"); $0.strings(saw) }
                    }
                }
            }
        }
    }
}

private extension JSONWriter {
    /// A string whose bytes `body` appends and which needs no escaping.
    mutating func rawString(_ body: (inout [UInt8]) -> Void) {
        raw {
            $0.append(UInt8(ascii: "\""))
            body(&$0)
            $0.append(UInt8(ascii: "\""))
        }
    }

    mutating func moment(_ moment: Decision.Moment) {
        object {
            $0.key("iso")
            $0.rawString { moment.instant.appendISO8601(to: &$0) }
            $0.key("jalali")
            $0.rawString { moment.instant.appendJalali(to: &$0) }
        }
    }

    mutating func tracePart(_ part: Decision.PartEntry) {
        object {
            $0.key("condition"); $0.string(part.condition)
            if let failed = part.failed { $0.key("failed"); $0.string(failed) }
            $0.key("part"); $0.string(part.part)
            $0.key("result"); $0.string(part.result)
            if let saw = part.saw { $0.key("saw"); $0.strings(saw) }
        }
    }

    /// An object of strings, keys sorted.
    mutating func strings(_ map: [String: String]) {
        object { w in
            for key in map.keys.sorted() { w.key(key); w.string(map[key]!) }
        }
    }

    /// A deadline's object; with `target`, the object of that SLA target, whose deadline it is.
    mutating func deadline(_ deadline: Decision.Deadline, of target: Decision.Target? = nil) {
        object {
            if let clock = target?.clock { $0.key("clock"); $0.string(clock) }
            if let due = deadline.due { $0.key("due"); $0.moment(due) }
            $0.key("duration"); $0.string(deadline.duration)
            if let met = target?.met { $0.key("met"); $0.bool(met) }
            if let note = deadline.note { $0.key("note"); $0.string(note) }
            if let remaining = deadline.remaining { $0.key("remaining"); $0.remaining(remaining) }
            if let round = target?.round { $0.key("round"); $0.number(round) }
            $0.key("rule"); $0.string(deadline.rule)
            $0.key("start"); $0.moment(deadline.start)
            if let stopped = target?.stopped { $0.key("stopped"); $0.moment(stopped) }
            if let id = target?.target { $0.key("target"); $0.string(id) }
        }
    }

    mutating func remaining(_ remaining: Decision.Remaining) {
        object {
            $0.key("calendar"); $0.string(remaining.calendar)
            $0.key("calendarMinutes"); $0.number(Int(remaining.calendarMinutes))
            $0.key("overdue"); $0.bool(remaining.overdue)
            if let working = remaining.working {
                $0.key("working"); $0.string(working)
            }
            if let minutes = remaining.workingMinutes {
                $0.key("workingMinutes"); $0.number(Int(minutes))
            }
        }
    }

    mutating func level(_ level: Decision.LevelState) {
        object {
            $0.key("actions"); $0.array(level.actions) { $0.string($1) }
            if let due = level.due { $0.key("due"); $0.moment(due) }
            $0.key("fired"); $0.bool(level.fired)
            if let label = level.label { $0.key("label"); $0.string(label) }
            $0.key("level"); $0.string(level.level)
            if let note = level.note { $0.key("note"); $0.string(note) }
            if let target = level.target { $0.key("target"); $0.string(target) }
        }
    }
}
