;; The record lane: the indexer's fast path over the lines of one chunk, in WebAssembly so that
;; it runs at full speed from the first line (no JIT warm-up) and finds newlines 32 bytes at a
;; time. It only ever consumes lines whose meaning is already settled:
;;  - a record whose header (the bytes after the timestamp, up to the message) equals one the
;;    JavaScript parser has classified before: the caller keeps those headers in the table;
;;  - a continuation line while no ERROR record is open (one starting with "F" is left: it
;;    may be a fatal error; so is one that may start a stack dump).
;; A line that holds a NUL byte is left too: a record may follow the NUL bytes a crash left
;; (lineText in logLine.ts).
;; It stops at the first other line and returns that line's start; recordLane.ts and the
;; scanner take it from there, so every decision about new or rare lines stays in TypeScript.
;;
;; Memory: the header table at 0 (256 entries of 320 bytes: i32 length, i32 level, 8 spare,
;; then the header bytes), its hash slots at 81920 (1024 i32: entry + 1, 0 for empty; linear
;; probing), the results of the last `lane` call at 86016 (10 i32, see the end of `lane`:
;; JavaScript reads them from memory, which costs far less than a call per value; the
;; hits of the last `needles` call at 86056; at 86060 whether the line `lane` stopped at holds a
;; NUL byte), the needle table of `needles` at 86080 (see
;; there), the window sets at 87808 (512 of 64 bytes, see `add` and $lookup), the chunk at
;; 120576 (the caller passes absolute positions).
(module
  (memory (export "memory") 2)

  ;; The first newline or NUL byte in [pos, end), or -1.
  (func $lineEnd (param $pos i32) (param $end i32) (result i32)
    (local $v v128) (local $m i32)
    (block $tail
      (loop $wide
        (br_if $tail (i32.gt_u (i32.add (local.get $pos) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load (local.get $pos)))
        (local.set $m (i8x16.bitmask (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 10))) (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0))))))
        (if (local.get $m) (then (return (i32.add (local.get $pos) (i32.ctz (local.get $m))))))
        (local.set $pos (i32.add (local.get $pos) (i32.const 16)))
        (br $wide)))
    (block $none
      (loop $narrow
        (br_if $none (i32.ge_u (local.get $pos) (local.get $end)))
        (if (i32.or (i32.eq (i32.load8_u (local.get $pos)) (i32.const 10)) (i32.eqz (i32.load8_u (local.get $pos))))
          (then (return (local.get $pos))))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
        (br $narrow)))
    (i32.const -1))

  ;; Whether [a, a+n) and [b, b+n) hold the same bytes; n >= 16 (the last 16 overlap).
  (func $same (param $a i32) (param $b i32) (param $n i32) (result i32)
    (local $k i32)
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.add (local.get $k) (i32.const 16)) (local.get $n)))
        (if (v128.any_true (v128.xor (v128.load (i32.add (local.get $a) (local.get $k)))
                                     (v128.load (i32.add (local.get $b) (local.get $k)))))
          (then (return (i32.const 0))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $next)))
    (local.set $k (i32.sub (local.get $n) (i32.const 16)))
    (i32.eqz (v128.any_true (v128.xor (v128.load (i32.add (local.get $a) (local.get $k)))
                                      (v128.load (i32.add (local.get $b) (local.get $k)))))))

  ;; Where the header starting at p ends: just after its third " - " (rank, logger, level), or
  ;; -1 if the line, cut at e, has none within HEADER_MAX bytes. Dashes are found 16 bytes at a
  ;; time; a learned header is indexed under the same end, so equal bytes give equal ends.
  (func $headerEnd (param $p i32) (param $e i32) (result i32)
    (local $q i32) (local $m i32) (local $d i32) (local $found i32) (local $limit i32)
    (local.set $limit (i32.add (local.get $p) (i32.const 259)))
    (if (i32.lt_u (local.get $e) (local.get $limit)) (then (local.set $limit (local.get $e))))
    (local.set $q (local.get $p))
    (block $none
      (loop $block
        (br_if $none (i32.ge_u (local.get $q) (local.get $limit)))
        (local.set $m (i8x16.bitmask (i8x16.eq (v128.load (local.get $q)) (i8x16.splat (i32.const 45)))))
        (block $next
          (loop $dash
            (br_if $next (i32.eqz (local.get $m)))
            (local.set $d (i32.add (local.get $q) (i32.ctz (local.get $m))))
            (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
            ;; The space after the dash must lie within the line (and the limit).
            (br_if $none (i32.ge_u (i32.add (local.get $d) (i32.const 1)) (local.get $limit)))
            (if (i32.and (i32.eq (i32.load8_u (i32.sub (local.get $d) (i32.const 1))) (i32.const 32))
                         (i32.eq (i32.load8_u (i32.add (local.get $d) (i32.const 1))) (i32.const 32)))
              (then
                (local.set $found (i32.add (local.get $found) (i32.const 1)))
                (if (i32.eq (local.get $found) (i32.const 3)) (then (return (i32.add (local.get $d) (i32.const 2)))))))
            (br $dash)))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (br $block)))
    (i32.const -1))

  ;; The slot a header of n bytes at p hashes to (its first, last and next-to-last 8 bytes).
  (func $slot (param $p i32) (param $n i32) (result i32)
    (local $h i64)
    (local.set $h (i64.xor
      (i64.xor (i64.mul (i64.load (local.get $p)) (i64.const 0x9E3779B97F4A7C15))
               (i64.mul (i64.load (i32.sub (i32.add (local.get $p) (local.get $n)) (i32.const 8))) (i64.const 0xC2B2AE3D27D4EB4F)))
      (i64.add (i64.mul (i64.load (i32.sub (i32.add (local.get $p) (local.get $n)) (i32.const 16))) (i64.const 0x165667B19E3779F9))
               (i64.extend_i32_u (local.get $n)))))
    (local.set $h (i64.mul (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 29))) (i64.const 0xBF58476D1CE4E5B9)))
    (i32.wrap_i64 (i64.shr_u (local.get $h) (i64.const 54))))

  ;; Indexes table entry i (its bytes already written by recordLane.ts). An entry whose own
  ;; third " - " is not its end is left out: no line could match it.
  (func (export "add") (param $i i32)
    (local $at i32) (local $n i32) (local $s i32) (local $k i32)
    (local.set $at (i32.mul (local.get $i) (i32.const 320)))
    (local.set $n (i32.load (local.get $at)))
    (i32.store8 offset=15 (local.get $at) (i32.const 0))
    (if (i32.ne (call $headerEnd (i32.add (local.get $at) (i32.const 16)) (i32.add (local.get $at) (i32.add (local.get $n) (i32.const 16))))
                (i32.add (local.get $at) (i32.add (local.get $n) (i32.const 16))))
      (then (return)))
    (local.set $s (call $slot (i32.add (local.get $at) (i32.const 16)) (local.get $n)))
    (loop $probe
      (if (i32.load offset=81920 (i32.shl (local.get $s) (i32.const 2)))
        (then
          (local.set $s (i32.and (i32.add (local.get $s) (i32.const 1)) (i32.const 1023)))
          (br $probe))))
    (i32.store offset=81920 (i32.shl (local.get $s) (i32.const 2)) (i32.add (local.get $i) (i32.const 1)))
    ;; Its window's set (see $lookup): a free way, else the set is crowded from now on.
    (if (i32.lt_u (local.get $n) (i32.const 20)) (then (return)))
    (local.set $s (call $windowSet (i32.add (local.get $at) (i32.const 16))))
    (if (i32.load offset=87808 (local.get $s)) (then (return)))
    (local.set $k (i32.const 16))
    (loop $way
      (if (i32.eqz (i32.load offset=87808 (i32.add (local.get $s) (local.get $k))))
        (then
          (i32.store offset=87808 (i32.add (local.get $s) (local.get $k)) (i32.add (local.get $i) (i32.const 1)))
          (i32.store offset=87812 (i32.add (local.get $s) (local.get $k)) (local.get $n))
          (i64.store offset=87816 (i32.add (local.get $s) (local.get $k)) (i64.load offset=8 (i32.add (local.get $at) (local.get $n))))
          (return)))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br_if $way (i32.lt_u (local.get $k) (i32.const 64))))
    (i32.store offset=87808 (local.get $s) (i32.const 1)))

  ;; The set of the window of the header at p: its bytes 4 to 20, which hold the rank's end and
  ;; the logger's start in our layout (a byte offset into the window sets).
  (func $windowSet (param $p i32) (result i32)
    (local $h i64)
    (local.set $h (i64.xor (i64.mul (i64.load offset=4 (local.get $p)) (i64.const 0x9E3779B97F4A7C15))
                           (i64.mul (i64.load offset=12 (local.get $p)) (i64.const 0xC2B2AE3D27D4EB4F))))
    (i32.shl (i32.wrap_i64 (i64.shr_u (i64.mul (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 31))) (i64.const 0xBF58476D1CE4E5B9))
                                      (i64.const 55)))
             (i32.const 6)))

  ;; Empties the hash slots and the window sets (the table is being replaced).
  (func (export "clear")
    (local $k i32)
    (loop $zero
      (v128.store offset=81920 (local.get $k) (v128.const i64x2 0 0))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br_if $zero (i32.lt_u (local.get $k) (i32.const 4096))))
    (local.set $k (i32.const 0))
    (loop $zeroWindow
      (v128.store offset=87808 (local.get $k) (v128.const i64x2 0 0))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br_if $zeroWindow (i32.lt_u (local.get $k) (i32.const 32768)))))

  ;; The table entry whose header starts at p (the line's rest is room bytes), or -1. First the
  ;; line's window set: the entries whose bytes 4 to 20 (their window) hash there, in up to three
  ;; ways of 16 bytes (i32 entry + 1, 0: free; i32 length; i64 the entry's last 8 bytes: its level
  ;; and " - "), after a 16-byte head whose first i32 is 1 when more entries came than the ways
  ;; hold. A way whose bytes equal the line's over its whole length settles the line, as the
  ;; entry's own end is its third " - ": the line's own end need not be looked for. A crowded set
  ;; (loggers named alike, glog's file:line headers) or a miss goes the long way: the line's
  ;; header end, found and hashed. (The sets took a realistic log's lane from ~193 to ~173 ms
  ;; per 512 MiB.) It runs for every line, so $headerEnd, $slot and $windowSet are written out
  ;; here: with the timestamp shape and the newline after a header, written out in `lane`, calls
  ;; took a tenth of the lane's time.
  (func $lookup (param $p i32) (param $room i32) (result i32)
    (local $at i32) (local $end i32) (local $n i32) (local $s i32) (local $v i32) (local $k i32)
    (local $q i32) (local $m i32) (local $d i32) (local $found i32) (local $limit i32) (local $h i64)
    (block $long
      (br_if $long (i32.lt_s (local.get $room) (i32.const 20)))
      (local.set $h (i64.xor (i64.mul (i64.load offset=4 (local.get $p)) (i64.const 0x9E3779B97F4A7C15))
                             (i64.mul (i64.load offset=12 (local.get $p)) (i64.const 0xC2B2AE3D27D4EB4F))))
      (local.set $s (i32.shl (i32.wrap_i64 (i64.shr_u (i64.mul (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 31))) (i64.const 0xBF58476D1CE4E5B9))
                                                      (i64.const 55)))
                             (i32.const 6)))
      (br_if $long (i32.load offset=87808 (local.get $s)))
      (local.set $k (i32.add (local.get $s) (i32.const 16)))
      (loop $way
        (local.set $v (i32.load offset=87808 (local.get $k)))
        (br_if $long (i32.eqz (local.get $v)))
        (local.set $n (i32.load offset=87812 (local.get $k)))
        (if (i32.le_s (local.get $n) (local.get $room))
          (then
            (if (i64.eq (i64.load offset=87816 (local.get $k)) (i64.load (i32.sub (i32.add (local.get $p) (local.get $n)) (i32.const 8))))
              (then (if (call $same (local.get $p) (i32.add (i32.mul (i32.sub (local.get $v) (i32.const 1)) (i32.const 320)) (i32.const 16)) (local.get $n))
                (then (return (i32.sub (local.get $v) (i32.const 1)))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br_if $way (i32.lt_u (local.get $k) (i32.add (local.get $s) (i32.const 64))))))
    ;; $headerEnd (p, p + room): just after the third " - ", within 259 bytes.
    (local.set $limit (i32.add (local.get $p) (i32.const 259)))
    (if (i32.lt_u (i32.add (local.get $p) (local.get $room)) (local.get $limit))
      (then (local.set $limit (i32.add (local.get $p) (local.get $room)))))
    (local.set $q (local.get $p))
    (local.set $end (i32.const -1))
    (block $none
      (loop $block
        (br_if $none (i32.ge_u (local.get $q) (local.get $limit)))
        (local.set $m (i8x16.bitmask (i8x16.eq (v128.load (local.get $q)) (i8x16.splat (i32.const 45)))))
        (block $nextBlock
          (loop $dash
            (br_if $nextBlock (i32.eqz (local.get $m)))
            (local.set $d (i32.add (local.get $q) (i32.ctz (local.get $m))))
            (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
            (br_if $none (i32.ge_u (i32.add (local.get $d) (i32.const 1)) (local.get $limit)))
            (if (i32.and (i32.eq (i32.load8_u (i32.sub (local.get $d) (i32.const 1))) (i32.const 32))
                         (i32.eq (i32.load8_u (i32.add (local.get $d) (i32.const 1))) (i32.const 32)))
              (then
                (local.set $found (i32.add (local.get $found) (i32.const 1)))
                (if (i32.eq (local.get $found) (i32.const 3))
                  (then
                    (local.set $end (i32.add (local.get $d) (i32.const 2)))
                    (br $none)))))
            (br $dash)))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (br $block)))
    (if (i32.lt_s (local.get $end) (i32.const 0)) (then (return (i32.const -1))))
    (local.set $n (i32.sub (local.get $end) (local.get $p)))
    (if (i32.lt_u (local.get $n) (i32.const 16)) (then (return (i32.const -1))))
    ;; $slot (p, n).
    (local.set $h (i64.xor
      (i64.xor (i64.mul (i64.load (local.get $p)) (i64.const 0x9E3779B97F4A7C15))
               (i64.mul (i64.load (i32.sub (local.get $end) (i32.const 8))) (i64.const 0xC2B2AE3D27D4EB4F)))
      (i64.add (i64.mul (i64.load (i32.sub (local.get $end) (i32.const 16))) (i64.const 0x165667B19E3779F9))
               (i64.extend_i32_u (local.get $n)))))
    (local.set $h (i64.mul (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 29))) (i64.const 0xBF58476D1CE4E5B9)))
    (local.set $s (i32.wrap_i64 (i64.shr_u (local.get $h) (i64.const 54))))
    (loop $probe
      (local.set $v (i32.load offset=81920 (i32.shl (local.get $s) (i32.const 2))))
      (if (i32.eqz (local.get $v)) (then (return (i32.const -1))))
      (local.set $at (i32.mul (i32.sub (local.get $v) (i32.const 1)) (i32.const 320)))
      (if (i32.eq (i32.load (local.get $at)) (local.get $n))
        (then (if (call $same (local.get $p) (i32.add (local.get $at) (i32.const 16)) (local.get $n))
          (then
            (return (i32.sub (local.get $v) (i32.const 1)))))))
      (local.set $s (i32.and (i32.add (local.get $s) (i32.const 1)) (i32.const 1023)))
      (br $probe))
    (i32.const -1))

  ;; Consumes lines from pos while they are settled (see the top); returns where it stopped:
  ;; the start of the first line it leaves to the caller, or of the partial last line.
  ;;   cap: longer lines are left to the caller;  maxLevel: highest level tallied here (1 when
  ;;   warnings are stored one by one);  timedLimit: timestamped records from here on are left
  ;;   (a checkpoint is due, or the session has no first time yet);  errorOpen: an ERROR
  ;;   record is open, so continuation lines are the caller's until a record closes it;
  ;;   collect: the caller lists records with continuation lines, so a record right after a
  ;;   continuation line (of an earlier record: recordSeen, afterContinuation) is left too;
  ;;   errorIndented: indented and empty lines under the open ERROR record are taken and
  ;;   counted (errorLines) rather than left (the indexer only counts them; a reader keeps them).
  (func (export "lane") (param $pos i32) (param $end i32) (param $cap i32)
        (param $maxLevel i32) (param $timedLimit i32) (param $errorOpen i32)
        (param $collect i32) (param $recordSeen i32) (param $afterContinuation i32)
        (param $errorIndented i32) (result i32)
    (local $nl i32) (local $e i32) (local $p i32) (local $timedLine i32) (local $hit i32)
    (local $at i32) (local $level i32) (local $n i32) (local $tallied i32) (local $q i32)
    (local $va v128) (local $vb v128) (local $b i32)
    ;; The results (see the end), in locals while the lane runs.
    (local $debug i32) (local $info i32) (local $warning i32) (local $timed i32)
    (local $lastStart i32) (local $lastEnd i32) (local $lastLine i32) (local $lastTimePos i32)
    (local $errorLines i32) (local $text i32)
    (local.set $lastStart (i32.const -1))
    (local.set $lastTimePos (i32.const -1))
    (block $stop
      (loop $line
        (local.set $timedLine (i32.const 0))
        (local.set $p (local.get $pos))
        ;; Not "W": a timestamped record, or a continuation line. A line is matched before its
        ;; end is known (the newline is then looked for after the header only), so the
        ;; timestamp shape also needs no newline in its 26 bytes.
        (if (i32.ne (i32.load8_u (local.get $pos)) (i32.const 87))
          (then
            (if (i32.and
                  ;; The asctime shape "YYYY-MM-DD HH:MM:SS,mmm - " at pos, in a line ending by
                  ;; end: the same bytes as startsWithAsctime in logLine.ts (a digit, then
                  ;; - - space : : , and " - ").
                  (if (result i32) (i32.lt_s (i32.sub (local.get $end) (local.get $pos)) (i32.const 26))
                    (then (i32.const 0))
                    (else
                      (i32.and
                        (i32.and
                          (i32.lt_u (i32.sub (i32.load8_u (local.get $pos)) (i32.const 48)) (i32.const 10))
                          (i32.eq (i32.and (i32.load offset=4 (local.get $pos)) (i32.const 0xFF0000FF)) (i32.const 0x2D00002D)))
                        (i32.and
                          (i32.and
                            (i32.eq (i32.and (i32.load offset=10 (local.get $pos)) (i32.const 0xFF0000FF)) (i32.const 0x3A000020))
                            (i32.eq (i32.and (i32.load offset=16 (local.get $pos)) (i32.const 0xFF0000FF)) (i32.const 0x2C00003A)))
                          (i32.eq (i32.and (i32.load offset=22 (local.get $pos)) (i32.const 0xFFFFFF00)) (i32.const 0x202D2000))))))
                         (i32.eqz (v128.any_true (v128.or
                           (v128.or (i8x16.eq (v128.load (local.get $pos)) (i8x16.splat (i32.const 10)))
                                    (i8x16.eq (v128.load (local.get $pos)) (i8x16.splat (i32.const 0))))
                           (v128.or (i8x16.eq (v128.load offset=10 (local.get $pos)) (i8x16.splat (i32.const 10)))
                                    (i8x16.eq (v128.load offset=10 (local.get $pos)) (i8x16.splat (i32.const 0))))))))
              (then
                (local.set $timedLine (i32.const 1))
                (local.set $p (i32.add (local.get $pos) (i32.const 26))))
              (else
                (local.set $nl (call $lineEnd (local.get $pos) (local.get $end)))
                (br_if $stop (i32.lt_s (local.get $nl) (i32.const 0)))
                (br_if $stop (i32.eqz (i32.load8_u (local.get $nl))))
                (br_if $stop (i32.gt_s (i32.sub (local.get $nl) (local.get $pos)) (local.get $cap)))
                ;; Under an open ERROR record (none tallied since): an indented or empty line
                ;; only lengthens it, when the caller lets the lane count it (errorIndented);
                ;; any other line may be its exception, which the caller reads, as is an
                ;; indented one whose text starts with `+` or `|` (an exception group's traceback
                ;; is boxed so, its exception inside the box) or a box drawing character's first
                ;; byte (0xE2: `rich`'s panel, drawn indented under a record of rich's logging
                ;; handler; the caller then reads the record's indented lines itself, for the
                ;; exception's line after the panel, until it has read it).
                (if (i32.and (local.get $errorOpen) (i32.eqz (local.get $tallied)))
                  (then
                    (br_if $stop (i32.eqz (local.get $errorIndented)))
                    (local.set $b (i32.load8_u (local.get $pos)))
                    (br_if $stop (i32.eqz (i32.or
                      (i32.or (i32.eq (local.get $b) (i32.const 32)) (i32.eq (local.get $b) (i32.const 9)))
                      (i32.or (i32.eq (local.get $nl) (local.get $pos))
                        (i32.and (i32.eq (local.get $b) (i32.const 13)) (i32.eq (local.get $nl) (i32.add (local.get $pos) (i32.const 1))))))))
                    (local.set $text (local.get $pos))
                    (block $boxed
                      (loop $blank
                        (br_if $boxed (i32.ge_u (local.get $text) (local.get $nl)))
                        (local.set $b (i32.load8_u (local.get $text)))
                        (br_if $boxed (i32.and (i32.ne (local.get $b) (i32.const 32)) (i32.ne (local.get $b) (i32.const 9))))
                        (local.set $text (i32.add (local.get $text) (i32.const 1)))
                        (br $blank)))
                    (br_if $stop (i32.and (i32.lt_u (local.get $text) (local.get $nl))
                      (i32.or (i32.or (i32.eq (local.get $b) (i32.const 43)) (i32.eq (local.get $b) (i32.const 124)))
                              (i32.eq (local.get $b) (i32.const 0xe2)))))
                    (local.set $errorLines (i32.add (local.get $errorLines) (i32.const 1)))))
                ;; "F" may start "Fatal Python error:" (a crash), and "Thread 0x", "Current " or
                ;; "Stack (m" a stack dump: the caller decides.
                (br_if $stop (i32.eq (i32.load8_u (local.get $pos)) (i32.const 70)))
                (br_if $stop (i32.and (i32.ge_s (i32.sub (local.get $nl) (local.get $pos)) (i32.const 8))
                  (i32.or (i32.or
                    (i64.eq (i64.load (local.get $pos)) (i64.const 0x3020646165726854))
                    (i64.eq (i64.load (local.get $pos)) (i64.const 0x20746e6572727543)))
                    (i64.eq (i64.load (local.get $pos)) (i64.const 0x6d28206b63617453)))))
                (local.set $afterContinuation (local.get $recordSeen))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (local.set $pos (i32.add (local.get $nl) (i32.const 1)))
                (br $line)))))
        (br_if $stop (i32.and (local.get $timedLine) (i32.ge_u (local.get $pos) (local.get $timedLimit))))
        (br_if $stop (i32.and (local.get $collect) (local.get $afterContinuation)))
        ;; A match holds no newline (no header does), so the line's end is after the header.
        (local.set $hit (call $lookup (local.get $p) (i32.sub (local.get $end) (local.get $p))))
        (br_if $stop (i32.lt_s (local.get $hit) (i32.const 0)))
        ;; $lineEnd (after the header, end), 32 bytes at a time, written out: it runs for every record.
        (local.set $q (i32.add (local.get $p) (i32.load (i32.mul (local.get $hit) (i32.const 320)))))
        (block $foundNl
          (block $wideDone
            (loop $wide
              (br_if $wideDone (i32.gt_u (i32.add (local.get $q) (i32.const 32)) (local.get $end)))
              (local.set $va (v128.load (local.get $q)))
              (local.set $vb (v128.load offset=16 (local.get $q)))
              (local.set $va (v128.or (i8x16.eq (local.get $va) (i8x16.splat (i32.const 10))) (i8x16.eq (local.get $va) (i8x16.splat (i32.const 0)))))
              (local.set $vb (v128.or (i8x16.eq (local.get $vb) (i8x16.splat (i32.const 10))) (i8x16.eq (local.get $vb) (i8x16.splat (i32.const 0)))))
              (if (v128.any_true (v128.or (local.get $va) (local.get $vb)))
                (then
                  (local.set $nl (i32.add (local.get $q)
                    (i32.ctz (i32.or (i8x16.bitmask (local.get $va)) (i32.shl (i8x16.bitmask (local.get $vb)) (i32.const 16))))))
                  (br $foundNl)))
              (local.set $q (i32.add (local.get $q) (i32.const 32)))
              (br $wide)))
          (loop $narrow
            (br_if $stop (i32.ge_u (local.get $q) (local.get $end)))
            (if (i32.or (i32.eq (i32.load8_u (local.get $q)) (i32.const 10)) (i32.eqz (i32.load8_u (local.get $q))))
              (then
                (local.set $nl (local.get $q))
                (br $foundNl)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $narrow)))
        ;; A NUL byte before the line's end: the caller's.
        (br_if $stop (i32.eqz (i32.load8_u (local.get $nl))))
        (br_if $stop (i32.gt_s (i32.sub (local.get $nl) (local.get $pos)) (local.get $cap)))
        (local.set $e (local.get $nl))
        (if (i32.eq (i32.load8_u (i32.sub (local.get $e) (i32.const 1))) (i32.const 13))
          (then (local.set $e (i32.sub (local.get $e) (i32.const 1)))))
        (local.set $at (i32.mul (local.get $hit) (i32.const 320)))
        (local.set $level (i32.load offset=4 (local.get $at)))
        (br_if $stop (i32.gt_u (local.get $level) (local.get $maxLevel)))
        ;; A message starting with "=" may be a resume separator.
        (br_if $stop (i32.eq (i32.load8_u (i32.add (local.get $p) (i32.load (local.get $at)))) (i32.const 61)))
        (if (local.get $timedLine)
          (then
            (local.set $timed (i32.add (local.get $timed) (i32.const 1)))
            (local.set $lastTimePos (local.get $pos))))
        ;; Tallied without a branch: the levels of a log's records come in no order.
        (local.set $debug (i32.add (local.get $debug) (i32.eqz (local.get $level))))
        (local.set $info (i32.add (local.get $info) (i32.eq (local.get $level) (i32.const 1))))
        (local.set $warning (i32.add (local.get $warning) (i32.gt_u (local.get $level) (i32.const 1))))
        (local.set $tallied (i32.const 1))
        (local.set $recordSeen (i32.const 1))
        (local.set $afterContinuation (i32.const 0))
        (local.set $lastStart (local.get $pos))
        (local.set $lastEnd (local.get $e))
        (local.set $lastLine (local.get $n))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $pos (i32.add (local.get $nl) (i32.const 1)))
        (br $line)))
    ;; The results, where JavaScript reads them (recordLane.ts, `Result`): lines; records per
    ;; level (DEBUG, INFO, WARNING) and timestamped ones; the last record's start (-1: none), end
    ;; without line break and line within the call; the start of the last timestamped record
    ;; (-1: none); the lines that lengthened the open ERROR record (see errorIndented).
    (i32.store offset=86016 (i32.const 0) (local.get $n))
    (i32.store offset=86020 (i32.const 0) (local.get $debug))
    (i32.store offset=86024 (i32.const 0) (local.get $info))
    (i32.store offset=86028 (i32.const 0) (local.get $warning))
    (i32.store offset=86032 (i32.const 0) (local.get $timed))
    (i32.store offset=86036 (i32.const 0) (local.get $lastStart))
    (i32.store offset=86040 (i32.const 0) (local.get $lastEnd))
    (i32.store offset=86044 (i32.const 0) (local.get $lastLine))
    (i32.store offset=86048 (i32.const 0) (local.get $lastTimePos))
    (i32.store offset=86052 (i32.const 0) (local.get $errorLines))
    ;; Whether the line it stopped at holds a NUL byte before its end: the caller then looks for
    ;; a record after it (lineText in logLine.ts), which it spares itself for every other line.
    (local.set $q (call $lineEnd (local.get $pos) (local.get $end)))
    (i32.store offset=86060 (i32.const 0)
      (if (result i32) (i32.lt_s (local.get $q) (i32.const 0)) (then (i32.const 0)) (else (i32.eqz (i32.load8_u (local.get $q))))))
    (local.get $pos))

  ;; Finds where the needles of the table at 86080 (recordLane.ts, `NeedleSearch`) occur in
  ;; [floor, end), looking at the windows that start in [pos, end): the diagnosis' search for the
  ;; lines that speak of collectives and stack dumps, without a string of the log. Each needle is
  ;; found by three of its bytes (at its own offset, chosen to be rare in logs) through nibble
  ;; tables, 16 positions at a time (the "Teddy" method); each candidate is then compared whole.
  ;; Table: +0 the low and high nibble tables of fingerprint bytes 0, 1, 2 (6 x 16 bytes: the
  ;; buckets a nibble may belong to), +96 scratch, +112 the needle count, +128 the needles (48
  ;; bytes each: i32 length, i32 offset of the fingerprint, i32 bucket bit, then the bytes at
  ;; +16, at most 32), +704 the hits (needle starts, at most 256). The count of hits goes to
  ;; 86056. Returns where to go on from: end when done, else the start of the first window not
  ;; looked at (the hits before it are written; some may come again, the caller drops repeats).
  (func (export "needles") (param $pos i32) (param $end i32) (param $floor i32) (result i32)
    (local $p i32) (local $c v128) (local $v v128) (local $cand i32) (local $q i32)
    (local $bits i32) (local $j i32) (local $n i32) (local $at i32) (local $len i32)
    (local $start i32) (local $k i32) (local $hits i32) (local $nibble v128)
    (local.set $n (i32.load offset=86192 (i32.const 0)))
    (local.set $nibble (i8x16.splat (i32.const 15)))
    (local.set $p (local.get $pos))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        ;; Room for every hit one block can give (16 positions x n needles at most).
        (br_if $done (i32.gt_u (i32.add (local.get $hits) (i32.shl (local.get $n) (i32.const 4))) (i32.const 256)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $c (v128.and
          (i8x16.swizzle (v128.load offset=86080 (i32.const 0)) (v128.and (local.get $v) (local.get $nibble)))
          (i8x16.swizzle (v128.load offset=86096 (i32.const 0)) (i8x16.shr_u (local.get $v) (i32.const 4)))))
        (local.set $v (v128.load offset=1 (local.get $p)))
        (local.set $c (v128.and (local.get $c) (v128.and
          (i8x16.swizzle (v128.load offset=86112 (i32.const 0)) (v128.and (local.get $v) (local.get $nibble)))
          (i8x16.swizzle (v128.load offset=86128 (i32.const 0)) (i8x16.shr_u (local.get $v) (i32.const 4))))))
        (local.set $v (v128.load offset=2 (local.get $p)))
        (local.set $c (v128.and (local.get $c) (v128.and
          (i8x16.swizzle (v128.load offset=86144 (i32.const 0)) (v128.and (local.get $v) (local.get $nibble)))
          (i8x16.swizzle (v128.load offset=86160 (i32.const 0)) (i8x16.shr_u (local.get $v) (i32.const 4))))))
        (local.set $cand (i32.xor (i8x16.bitmask (i8x16.eq (local.get $c) (v128.const i64x2 0 0))) (i32.const 0xFFFF)))
        (if (local.get $cand)
          (then
            (v128.store offset=86176 (i32.const 0) (local.get $c))
            (loop $candidate
              (local.set $k (i32.ctz (local.get $cand)))
              (local.set $q (i32.add (local.get $p) (local.get $k)))
              (local.set $bits (i32.load8_u offset=86176 (local.get $k)))
              (local.set $j (i32.const 0))
              (block $needlesDone
                (loop $needle
                  (br_if $needlesDone (i32.ge_u (local.get $j) (local.get $n)))
                  (local.set $at (i32.add (i32.const 86208) (i32.mul (local.get $j) (i32.const 48))))
                  (local.set $len (i32.load (local.get $at)))
                  (local.set $start (i32.sub (local.get $q) (i32.load offset=4 (local.get $at))))
                  (if (i32.and
                        (i32.and (i32.ne (i32.and (local.get $bits) (i32.load offset=8 (local.get $at))) (i32.const 0))
                                 (i32.ge_s (local.get $start) (local.get $floor)))
                        (i32.le_s (i32.add (local.get $start) (local.get $len)) (local.get $end)))
                    (then
                      ;; The whole needle, a byte at a time (candidates are rare).
                      (local.set $k (i32.const 0))
                      (block $differ
                        (loop $byte
                          (br_if $differ (i32.ne (i32.load8_u (i32.add (local.get $start) (local.get $k)))
                                                 (i32.load8_u offset=16 (i32.add (local.get $at) (local.get $k)))))
                          (local.set $k (i32.add (local.get $k) (i32.const 1)))
                          (br_if $byte (i32.lt_u (local.get $k) (local.get $len))))
                        (i32.store offset=86784 (i32.shl (local.get $hits) (i32.const 2)) (local.get $start))
                        (local.set $hits (i32.add (local.get $hits) (i32.const 1))))))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br $needle)))
              (local.set $cand (i32.and (local.get $cand) (i32.sub (local.get $cand) (i32.const 1))))
              (br_if $candidate (local.get $cand)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $block)))
    (i32.store offset=86056 (i32.const 0) (local.get $hits))
    (if (result i32) (i32.lt_u (local.get $p) (local.get $end)) (then (local.get $p)) (else (local.get $end))))
)
