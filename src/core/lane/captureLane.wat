;; The capture lane: a combined capture's common lines demultiplexed and rewritten in our format
;; in WebAssembly, where doing it line by line in JavaScript took most of an import's time. Its
;; lines carry torchrun's `[rank3]:` / `[default3]:` (or a role's, `[trainer3]:`), srun's `3: ` or Open MPI's `[1,3]<stdout>:`
;; label (horovodrun's `[3]<stdout>:`); it takes
;;  - a record of Python's most common format, `<asctime> LEVEL logger: message` (all ASCII,
;;    no carriage return, escape or NUL; a date that exists; no leap second), written as
;;    `<asctime> - Worker <rank> - <logger> - <LEVEL> - <message>`; one of the cookbook's
;;    `<asctime> - <name> - <LEVEL> - <message>` and one of Hydra's `[<asctime>][<name>][<LEVEL>] -
;;    <message>`, written so too (see `$named`); any other line that starts with a date and time
;;    as the timestamped format of timestampedLines.ts reads it (ISO times and zones, a level in
;;    brackets, loguru's, a date month first or day first, a tag before the time: see `$timestamped` and
;;    `$tagged`), and a time of day with a level, dated by the rank's last time (`$timeOfDay`);
;;  - a record of ours (a job that uses our module), with or without its time, as it is;
;;  - an indented plain line under a record, written as it is (not one whose text starts with
;;    `+`: an exception group's traceback may start so; nor a date, maybe in brackets);
;;  - a glog line (c10d, ProcessGroupNCCL), a DeepSpeed record, a record of Python's default
;;    format (`INFO:name:message`), one of detectron2's console, an NCCL line, and a line starting with a lower-case letter, a
;;    brace, a closing bracket or a digit not a date's (a print, but not C++'s `terminate called
;;    ...` nor a backtrace's `frame #0: ...`, nor `{"`, maybe a JSON record, nor Slurm's
;;    `slurmstepd...`, its word on the ranks under srun's label), as the built-in formats of lineFormats.ts read them
;;    (see `$other`);
;;  - a progress bar redrawn with carriage returns (tqdm), as its last state (see `$bar`);
;; for a rank whose state the caller has set (see below), exactly as the JavaScript byte path
;; (`captureBytes` in importJob.ts, `recordShapeAt` and `plainIndentedAt` in importLineShapes.ts)
;; would. It stops at the first other line and returns that line's start: the caller reads it
;; (a line of another format, a traceback's head and the line that ends it, a launcher's line, a
;; rank's partial line).
;; It reads a rank's own file too (a torchrun stream, a task file: no labels, style 5), for
;; importStreamLane.ts.
;;
;; Memory (608 pages, never grown, so the caller's views stay valid):
;;   0       results of the last `demux` (i32): stop reason (0: no whole line left, 1: a line for
;;           the caller, 2: an output region or the mark list is full: drain and call again),
;;           lines taken, marks written, ranks in the dirty list; at 16 (f64) the latest time
;;           of the records taken since `clear` (NaN: none); at 24 (f64), set by the caller, a
;;           time from which a record is the caller's (a rank's file of a job run again: the
;;           record that starts the next run; +inf: none); at 32 (i32), set by the caller, 1 when
;;           `[rank3]:` is torchrun's tee label (`--role rank`), a space after it the line's (0:
;;           PyTorch's own label, its space the label's); at 36 (i32), set by the caller, the last
;;           day (since 1970-01-01) a glog time without its year may have in `year`: a later one
;;           is of the year before, the caller's line (0: no last day); at 40 (i32), set by the
;;           caller, 1 when torchrun's labels name the rank alone (`[3]:`, its prefix template
;;           `[${rank}]:`; none is looked for inside a line)
;;   64      the level parts ` - INFO - `, ` - WARNING - `, ` - ERROR - `, ` - DEBUG - `,
;;           ` - CRITICAL - `, 16 bytes apart; at 160 their lengths
;;   192     the role torchrun was given, when its labels name one (`--role trainer`: `[trainer3]:`,
;;           read as `[default3]:`), set by the caller: i32 its length (0: none), its bytes from 196
;;   256     srun's tasks' places among the nodes (style 6, a rendezvous that numbers the nodes
;;           otherwise: `ForeignJob.teeSlots`), set by the caller: i32 how many tasks have one (0:
;;           none), then an i16 a task from 260 (1,918 at most); a task past them, its own number
;;   4096    per rank (1,024 ranks, 32 bytes each): i32 flags (1 known: the caller has its output
;;           and writer; 2 in a record; 4 in a traceback; 8 a partial line waits; 16 the next
;;           line needs a mark; 32 the last line taken started a record; 64 its writer names
;;           prints `output`), i32 bytes in its
;;           output region, i32 its output's lines, i32 its last mark's output line, f64 the
;;           time of its last record taken, i32 1 while in the dirty list
;;   36864   the dirty list: ranks whose output region holds bytes (i32 each)
;;   40960   marks, 4,096 of 24 bytes: i32 rank, i32 output line, f64 capture line, f64 offset
;;   139264  pdsh's hosts (style 8), set by the caller: 2,048 slots of 8 bytes (i32 the address of
;;           the host's name, 0 for none; i16 its length; i16 its rank), by the FNV-1a hash of the
;;           name, the next slot when taken; the names from 155648
;;   262144  the input: the capture's bytes, read there by the caller (two buffers: one is
;;           read ahead while the lane takes the other's lines)
;;   5242880 the output regions, 32 KiB per rank
(module
  (memory (export "memory") 608)
  (data (i32.const 64) " - INFO - ")
  (data (i32.const 80) " - WARNING - ")
  (data (i32.const 96) " - ERROR - ")
  (data (i32.const 112) " - DEBUG - ")
  (data (i32.const 128) " - CRITICAL - ")

  ;; The first newline in [pos, end), or -1.
  (func $newline (param $pos i32) (param $end i32) (result i32)
    (local $a v128) (local $b v128)
    (block $tail
      (loop $wide
        (br_if $tail (i32.gt_u (i32.add (local.get $pos) (i32.const 32)) (local.get $end)))
        (local.set $a (i8x16.eq (v128.load (local.get $pos)) (i8x16.splat (i32.const 10))))
        (local.set $b (i8x16.eq (v128.load offset=16 (local.get $pos)) (i8x16.splat (i32.const 10))))
        (if (v128.any_true (v128.or (local.get $a) (local.get $b)))
          (then
            (return (i32.add (local.get $pos)
              (i32.ctz (i32.or (i8x16.bitmask (local.get $a)) (i32.shl (i8x16.bitmask (local.get $b)) (i32.const 16))))))))
        (local.set $pos (i32.add (local.get $pos) (i32.const 32)))
        (br $wide)))
    (block $none
      (loop $narrow
        (br_if $none (i32.ge_u (local.get $pos) (local.get $end)))
        (if (i32.eq (i32.load8_u (local.get $pos)) (i32.const 10)) (then (return (local.get $pos))))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
        (br $narrow)))
    (i32.const -1))

;; Whether [s, e) is plain: no carriage return, escape or NUL, well-formed UTF-8 (which
  ;; Buffer.toString reads back as the same bytes); and holds no other label: `labels` 1, no
  ;; `[rank`, `[def` or `[<role>` (torchrun's, as mayHoldPrefix in captureRanks.ts); 2, no `]<std`
  ;; (Open MPI's tag ends so). The first byte >= 0x80 (e when none) is left in $high: each way of
  ;; taking a line checks that the bytes it reads are before it, or copies them as they are.
  ;; Reads up to 15 bytes past e (the input has room), which the mask leaves out.
  (func $plain (param $s i32) (param $e i32) (param $labels i32) (result i32)
    (local $v v128) (local $m i32) (local $keep i32) (local $b i32) (local $q i32)
    (global.set $high (local.get $e))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $s) (local.get $e)))
        (local.set $v (v128.load (local.get $s)))
        (local.set $keep (select (i32.const -1)
          (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $e) (local.get $s))) (i32.const 1))
          (i32.ge_u (i32.sub (local.get $e) (local.get $s)) (i32.const 16))))
        (local.set $m (i32.and (local.get $keep) (i8x16.bitmask (v128.or
          (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0)))
          (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 13)))
                   (i8x16.eq (local.get $v) (i8x16.splat (i32.const 27))))))))
        (if (local.get $m) (then (return (i32.const 0))))
        (if (i32.eq (global.get $high) (local.get $e))
          (then
            (local.set $m (i32.and (local.get $keep) (i8x16.bitmask (i8x16.lt_s (local.get $v) (i8x16.splat (i32.const 0))))))
            (if (local.get $m) (then (global.set $high (i32.add (local.get $s) (i32.ctz (local.get $m))))))))
        (if (local.get $labels)
          (then
            (local.set $b (i32.and (local.get $keep) (i8x16.bitmask (i8x16.eq (local.get $v)
              (i8x16.splat (select (i32.const 91) (i32.const 93) (i32.eq (local.get $labels) (i32.const 1))))))))
            (block $none (loop $bracket
              (br_if $none (i32.eqz (local.get $b)))
              (local.set $q (i32.add (local.get $s) (i32.ctz (local.get $b))))
              (if (i32.eq (local.get $labels) (i32.const 1))
                (then
                  (if (i64.eq (i64.and (i64.load (local.get $q)) (i64.const 0xFFFFFFFFFF)) (i64.const 0x6b6e61725b)) (then (return (i32.const 0))))
                  (if (i32.eq (i32.load (local.get $q)) (i32.const 0x6665645b)) (then (return (i32.const 0))))
                  (if (call $roleAt (local.get $q)) (then (return (i32.const 0)))))
                (else
                  (if (i32.eq (i32.load offset=1 (local.get $q)) (i32.const 0x6474733c)) (then (return (i32.const 0))))))
              (local.set $b (i32.and (local.get $b) (i32.sub (local.get $b) (i32.const 1))))
              (br $bracket)))))
        (local.set $s (i32.add (local.get $s) (i32.const 16)))
        (br $block)))
    (call $utf8 (global.get $high) (local.get $e)))

  ;; The first byte >= 0x80 of the line $plain read last (its end when none).
  (global $high (mut i32) (i32.const 0))

  ;; Whether the character at m (before nl, in well-formed UTF-8) is one of the spaces beyond
  ;; ASCII that the \s of JavaScript's regular expressions takes: U+00A0, U+1680, U+2000-U+200A,
  ;; U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF.
  (func $unicodeSpace (param $m i32) (param $nl i32) (result i32)
    (local $c i32) (local $d i32) (local $e i32)
    (local.set $c (i32.load8_u (local.get $m)))
    (if (i32.lt_u (local.get $c) (i32.const 0xC2)) (then (return (i32.const 0))))
    (local.set $d (i32.load8_u offset=1 (local.get $m)))
    (if (i32.eq (local.get $c) (i32.const 0xC2)) (then (return (i32.eq (local.get $d) (i32.const 0xA0)))))
    (if (i32.ge_u (i32.add (local.get $m) (i32.const 2)) (local.get $nl)) (then (return (i32.const 0))))
    (local.set $e (i32.load8_u offset=2 (local.get $m)))
    (if (i32.eq (local.get $c) (i32.const 0xE1)) (then (return (i32.and (i32.eq (local.get $d) (i32.const 0x9A)) (i32.eq (local.get $e) (i32.const 0x80))))))
    (if (i32.eq (local.get $c) (i32.const 0xE3)) (then (return (i32.and (i32.eq (local.get $d) (i32.const 0x80)) (i32.eq (local.get $e) (i32.const 0x80))))))
    (if (i32.eq (local.get $c) (i32.const 0xEF)) (then (return (i32.and (i32.eq (local.get $d) (i32.const 0xBB)) (i32.eq (local.get $e) (i32.const 0xBF))))))
    (if (i32.ne (local.get $c) (i32.const 0xE2)) (then (return (i32.const 0))))
    (if (i32.eq (local.get $d) (i32.const 0x81)) (then (return (i32.eq (local.get $e) (i32.const 0x9F)))))
    (i32.and (i32.eq (local.get $d) (i32.const 0x80))
             (i32.or (i32.le_u (local.get $e) (i32.const 0x8A))
                     (i32.or (i32.eq (local.get $e) (i32.const 0xA8)) (i32.or (i32.eq (local.get $e) (i32.const 0xA9)) (i32.eq (local.get $e) (i32.const 0xAF)))))))

  ;; Whether a message at m (bytes before it of ASCII) starts as the timestamped format sees it
  ;; when it strips separators or white space before it: at the line's end nl, or not with a space
  ;; of Unicode's (which its \s takes too).
  (func $messageStart (param $m i32) (param $nl i32) (result i32)
    (i32.or (i32.eq (local.get $m) (local.get $nl)) (i32.eqz (call $unicodeSpace (local.get $m) (local.get $nl)))))

  ;; Whether [s, e) is well-formed UTF-8: each sequence of the length its first byte says, its
  ;; continuation bytes 0x80-0xBF, no overlong form, surrogate or code point past U+10FFFF.
  (func $utf8 (param $s i32) (param $e i32) (result i32)
    (local $c i32) (local $n i32) (local $lo i32) (local $hi i32)
    (block $bad
      (loop $next
        (if (i32.ge_u (local.get $s) (local.get $e)) (then (return (i32.const 1))))
        (local.set $c (i32.load8_u (local.get $s)))
        (if (i32.lt_u (local.get $c) (i32.const 0x80))
          (then
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $next)))
        (br_if $bad (i32.lt_u (local.get $c) (i32.const 0xC2)))
        (br_if $bad (i32.gt_u (local.get $c) (i32.const 0xF4)))
        (local.set $lo (i32.const 0x80))
        (local.set $hi (i32.const 0xBF))
        (local.set $n (i32.const 1))
        (if (i32.ge_u (local.get $c) (i32.const 0xE0))
          (then
            (local.set $n (i32.const 2))
            (if (i32.eq (local.get $c) (i32.const 0xE0)) (then (local.set $lo (i32.const 0xA0))))
            (if (i32.eq (local.get $c) (i32.const 0xED)) (then (local.set $hi (i32.const 0x9F))))))
        (if (i32.ge_u (local.get $c) (i32.const 0xF0))
          (then
            (local.set $n (i32.const 3))
            (if (i32.eq (local.get $c) (i32.const 0xF0)) (then (local.set $lo (i32.const 0x90))))
            (if (i32.eq (local.get $c) (i32.const 0xF4)) (then (local.set $hi (i32.const 0x8F))))))
        (br_if $bad (i32.ge_u (i32.add (local.get $s) (local.get $n)) (local.get $e)))
        (local.set $c (i32.load8_u offset=1 (local.get $s)))
        (br_if $bad (i32.or (i32.lt_u (local.get $c) (local.get $lo)) (i32.gt_u (local.get $c) (local.get $hi))))
        (local.set $s (i32.add (local.get $s) (i32.const 2)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (block $done (loop $more
          (br_if $done (i32.eqz (local.get $n)))
          (br_if $bad (i32.ne (i32.and (i32.load8_u (local.get $s)) (i32.const 0xC0)) (i32.const 0x80)))
          (local.set $s (i32.add (local.get $s) (i32.const 1)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $more)))
        (br $next)))
    (i32.const 0))

    ;; Days in a month of the proleptic Gregorian calendar (as Date.UTC counts them).
  (func $monthDays (param $y i32) (param $m i32) (result i32)
    (if (i32.eq (local.get $m) (i32.const 2))
      (then
        (return (select (i32.const 29) (i32.const 28)
          (i32.or
            (i32.and (i32.eqz (i32.rem_u (local.get $y) (i32.const 4))) (i32.ne (i32.rem_u (local.get $y) (i32.const 100)) (i32.const 0)))
            (i32.eqz (i32.rem_u (local.get $y) (i32.const 400))))))))
    (if (i32.or (i32.or (i32.eq (local.get $m) (i32.const 4)) (i32.eq (local.get $m) (i32.const 6)))
                (i32.or (i32.eq (local.get $m) (i32.const 9)) (i32.eq (local.get $m) (i32.const 11))))
      (then (return (i32.const 30))))
    (i32.const 31))

  ;; Days from 1970-01-01 to y-m-d (y >= 1000; Howard Hinnant's days_from_civil).
  (func $days (param $y i32) (param $m i32) (param $d i32) (result i32)
    (local $era i32) (local $yoe i32) (local $doy i32)
    (if (i32.le_u (local.get $m) (i32.const 2)) (then (local.set $y (i32.sub (local.get $y) (i32.const 1)))))
    (local.set $era (i32.div_u (local.get $y) (i32.const 400)))
    (local.set $yoe (i32.sub (local.get $y) (i32.mul (local.get $era) (i32.const 400))))
    (local.set $doy (i32.add
      (i32.div_u (i32.add (i32.mul (i32.const 153)
        (select (i32.sub (local.get $m) (i32.const 3)) (i32.add (local.get $m) (i32.const 9)) (i32.gt_u (local.get $m) (i32.const 2))))
        (i32.const 2)) (i32.const 5))
      (i32.sub (local.get $d) (i32.const 1))))
    (i32.sub
      (i32.add (i32.mul (local.get $era) (i32.const 146097))
        (i32.add (i32.add (i32.mul (local.get $yoe) (i32.const 365)) (i32.div_u (local.get $yoe) (i32.const 4)))
          (i32.sub (local.get $doy) (i32.div_u (local.get $yoe) (i32.const 100)))))
      (i32.const 719468)))

  ;; Naive ms of an asctime whose shape is checked, from its digits (each byte minus "0"): a
  ;; (bytes 0-15) and b (bytes 8-23); NaN for a time that does not exist (as asctimeFromBytes in
  ;; timestamps.ts; a leap second is left to the caller before).
  (func $time (param $a v128) (param $b v128) (result f64)
    (local $y i32) (local $mo i32) (local $day i32) (local $h i32) (local $mi i32) (local $sec i32) (local $ms i32)
    (local.set $y (i32.add
      (i32.add (i32.mul (i8x16.extract_lane_u 0 (local.get $a)) (i32.const 1000)) (i32.mul (i8x16.extract_lane_u 1 (local.get $a)) (i32.const 100)))
      (i32.add (i32.mul (i8x16.extract_lane_u 2 (local.get $a)) (i32.const 10)) (i8x16.extract_lane_u 3 (local.get $a)))))
    (local.set $mo (i32.add (i32.mul (i8x16.extract_lane_u 5 (local.get $a)) (i32.const 10)) (i8x16.extract_lane_u 6 (local.get $a))))
    (local.set $day (i32.add (i32.mul (i8x16.extract_lane_u 8 (local.get $a)) (i32.const 10)) (i8x16.extract_lane_u 9 (local.get $a))))
    (local.set $h (i32.add (i32.mul (i8x16.extract_lane_u 11 (local.get $a)) (i32.const 10)) (i8x16.extract_lane_u 12 (local.get $a))))
    (local.set $mi (i32.add (i32.mul (i8x16.extract_lane_u 14 (local.get $a)) (i32.const 10)) (i8x16.extract_lane_u 15 (local.get $a))))
    (local.set $sec (i32.add (i32.mul (i8x16.extract_lane_u 9 (local.get $b)) (i32.const 10)) (i8x16.extract_lane_u 10 (local.get $b))))
    (local.set $ms (i32.add
      (i32.add (i32.mul (i8x16.extract_lane_u 12 (local.get $b)) (i32.const 100)) (i32.mul (i8x16.extract_lane_u 13 (local.get $b)) (i32.const 10)))
      (i8x16.extract_lane_u 14 (local.get $b))))
    (if (i32.or (i32.or (i32.lt_u (local.get $y) (i32.const 1000)) (i32.or (i32.eqz (local.get $mo)) (i32.gt_u (local.get $mo) (i32.const 12))))
                (i32.or (i32.or (i32.eqz (local.get $day)) (i32.gt_u (local.get $day) (call $monthDays (local.get $y) (local.get $mo))))
                        (i32.or (i32.gt_u (local.get $h) (i32.const 23)) (i32.or (i32.gt_u (local.get $mi) (i32.const 59)) (i32.gt_u (local.get $sec) (i32.const 59))))))
      (then (return (f64.const nan))))
    (f64.add
      (f64.mul (f64.convert_i32_s (call $days (local.get $y) (local.get $mo) (local.get $day))) (f64.const 86400000))
      (f64.convert_i32_u (i32.add (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $h) (i32.const 60)) (local.get $mi)) (i32.const 60)) (local.get $sec)) (i32.const 1000)) (local.get $ms)))))

  ;; Writes rank n in decimal at p; returns the end.
  (func $decimal (param $p i32) (param $n i32) (result i32)
    (local $digits i32) (local $k i32)
    (local.set $digits (i32.const 1))
    (local.set $k (local.get $n))
    (block $done (loop $count
      (br_if $done (i32.lt_u (local.get $k) (i32.const 10)))
      (local.set $k (i32.div_u (local.get $k) (i32.const 10)))
      (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
      (br $count)))
    (local.set $k (i32.add (local.get $p) (local.get $digits)))
    (loop $write
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (i32.store8 (local.get $k) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $write (i32.gt_u (local.get $k) (local.get $p))))
    (i32.add (local.get $p) (local.get $digits)))

  ;; Writes `Worker <rank> - ` at p; returns the end.
  (func $worker (param $p i32) (param $rank i32) (result i32)
    (i64.store (local.get $p) (i64.const 0x2072656b726f57))
    (local.set $p (call $decimal (i32.add (local.get $p) (i32.const 7)) (local.get $rank)))
    (i32.store16 (local.get $p) (i32.const 0x2d20))
    (i32.store8 offset=2 (local.get $p) (i32.const 32))
    (i32.add (local.get $p) (i32.const 3)))

;; Whether the role torchrun was given (see the memory, at 192) follows the `[` at q: the
  ;; role's length, or 0 (and 0 when no role was set).
  (func $roleAt (param $q i32) (result i32)
    (local $n i32) (local $k i32)
    (local.set $n (i32.load (i32.const 192)))
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (block $differ
      (loop $byte
        (br_if $differ (i32.ne (i32.load8_u offset=1 (i32.add (local.get $q) (local.get $k))) (i32.load8_u offset=196 (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $byte (i32.lt_u (local.get $k) (local.get $n)))))
    (select (local.get $n) (i32.const 0) (i32.eq (local.get $k) (local.get $n))))

  ;; Copies [s, e) to p; returns the end.
  (func $copy (param $p i32) (param $s i32) (param $e i32) (result i32)
    (memory.copy (local.get $p) (local.get $s) (i32.sub (local.get $e) (local.get $s)))
    (i32.add (local.get $p) (i32.sub (local.get $e) (local.get $s))))

  ;; Writes level k's part (` - INFO - `...) at p; returns the end.
  (func $levelPart (param $p i32) (param $k i32) (result i32)
    (local $n i32)
    (local.set $n (i32.load8_u (i32.add (i32.const 160) (local.get $k))))
    (memory.copy (local.get $p) (i32.add (i32.const 64) (i32.shl (local.get $k) (i32.const 4))) (local.get $n))
    (i32.add (local.get $p) (local.get $n)))

  ;; Whether the byte at p is an ASCII digit.
  (func $digit (param $p i32) (result i32)
    (i32.le_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)) (i32.const 9)))

  ;; Whether a date may start at p, before nl: four digits and `-`, maybe after `[` (an indented
  ;; line that may be a record with its date, importLines.ts's INDENTED_TIME; plainIndentedAt's).
  (func $dateAhead (param $p i32) (param $nl i32) (result i32)
    (if (i32.and (i32.lt_u (local.get $p) (local.get $nl)) (i32.eq (i32.load8_u (local.get $p)) (i32.const 91)))
      (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))
    (if (i32.gt_u (i32.add (local.get $p) (i32.const 5)) (local.get $nl)) (then (return (i32.const 0))))
    (i32.and
      (i32.and (i32.and (call $digit (local.get $p)) (call $digit (i32.add (local.get $p) (i32.const 1))))
               (i32.and (call $digit (i32.add (local.get $p) (i32.const 2))) (call $digit (i32.add (local.get $p) (i32.const 3)))))
      (i32.eq (i32.load8_u offset=4 (local.get $p)) (i32.const 45))))

  ;; Whether the line at p (before nl) starts like a date: four digits and `-` (ISO, Python's
  ;; asctime, ours) or `/` (MMEngine's), two digits and `/` (month first) or two digits and `:`
  ;; (a time without a date, `%H:%M:%S`), two digits, `-`, `/` or a space and a capital letter
  ;; (a month's name, `04-Dec-26`: timestampedLines.ts's MONTH_NAMED_TIME), or `DD.MM.YYYY`
  ;; (DOTTED_TIME; a host's address, `10.10.0.5`, is not one): read as a record, or the caller's.
  ;; A line that starts with a digit otherwise is a print (a tqdm bar's first state, `25%|#  | 1/4`).
  (func $dateLike (param $p i32) (param $nl i32) (result i32)
    (local $c i32)
    ;; (ISO's first: the most common, its check the one of $dateAhead.)
    (if (call $dateAhead (local.get $p) (local.get $nl)) (then (return (i32.const 1))))
    (if (i32.and (i32.le_u (i32.add (local.get $p) (i32.const 5)) (local.get $nl))
                 (i32.and (i32.and (call $digit (local.get $p)) (call $digit (i32.add (local.get $p) (i32.const 1))))
                          (i32.and (i32.and (call $digit (i32.add (local.get $p) (i32.const 2))) (call $digit (i32.add (local.get $p) (i32.const 3))))
                                   (i32.eq (i32.load8_u offset=4 (local.get $p)) (i32.const 47)))))
      (then (return (i32.const 1))))
    (if (i32.gt_u (i32.add (local.get $p) (i32.const 3)) (local.get $nl)) (then (return (i32.const 0))))
    (if (i32.eqz (i32.and (call $digit (local.get $p)) (call $digit (i32.add (local.get $p) (i32.const 1))))) (then (return (i32.const 0))))
    (local.set $c (i32.load8_u offset=2 (local.get $p)))
    (if (i32.or (i32.eq (local.get $c) (i32.const 47)) (i32.eq (local.get $c) (i32.const 58))) (then (return (i32.const 1))))
    ;; `DD.MM.YYYY`
    (if (i32.eq (local.get $c) (i32.const 46))
      (then
        (return (i32.and (i32.le_u (i32.add (local.get $p) (i32.const 10)) (local.get $nl))
          (i32.and (i32.and (i32.and (call $digit (i32.add (local.get $p) (i32.const 3))) (call $digit (i32.add (local.get $p) (i32.const 4))))
                            (i32.eq (i32.load8_u offset=5 (local.get $p)) (i32.const 46)))
                   (i32.and (i32.and (call $digit (i32.add (local.get $p) (i32.const 6))) (call $digit (i32.add (local.get $p) (i32.const 7))))
                            (i32.and (call $digit (i32.add (local.get $p) (i32.const 8))) (call $digit (i32.add (local.get $p) (i32.const 9))))))))))
    ;; Two digits, `-`, `/` or a space, and a capital letter: a month's name.
    (i32.and (i32.and (i32.le_u (i32.add (local.get $p) (i32.const 4)) (local.get $nl))
                      (i32.le_u (i32.sub (i32.load8_u offset=3 (local.get $p)) (i32.const 65)) (i32.const 25)))
             (i32.or (i32.eq (local.get $c) (i32.const 45)) (i32.eq (local.get $c) (i32.const 32)))))

  ;; The two digits at p as a number.
  (func $two (param $p i32) (result i32)
    (i32.add (i32.mul (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)) (i32.const 10))
             (i32.sub (i32.load8_u offset=1 (local.get $p)) (i32.const 48))))

  ;; The time of the last line `$other` wrote (naive ms), NaN when it had none.
  (global $otherTime (mut f64) (f64.const nan))

;; Whether the 23 bytes at p (the caller knows them to be before the line's end) have the shape
  ;; of an asctime, `YYYY-MM-DD HH:MM:SS,mmm`: its separators and its digits.
  (func $asctimeShape (param $p i32) (result i32)
    (local $v0 v128) (local $v1 v128)
    (local.set $v0 (v128.load (local.get $p)))
    (local.set $v1 (v128.load offset=8 (local.get $p)))
    (i32.and
      (i32.and
        (i32.eq (i32.and (i8x16.bitmask (i8x16.eq (local.get $v0) (v128.const i8x16 0 0 0 0 45 0 0 45 0 0 32 0 0 58 0 0))) (i32.const 0x2490)) (i32.const 0x2490))
        (i32.eq (i32.and (i8x16.bitmask (i8x16.eq (local.get $v1) (v128.const i8x16 0 0 32 0 0 58 0 0 58 0 0 44 0 0 0 0))) (i32.const 0x0924)) (i32.const 0x0924)))
      (i32.and
        (i32.eq (i32.and (i8x16.bitmask (i8x16.lt_u (i8x16.sub (local.get $v0) (i8x16.splat (i32.const 48))) (i8x16.splat (i32.const 10)))) (i32.const 0xdb6f)) (i32.const 0xdb6f))
        (i32.eq (i32.and (i8x16.bitmask (i8x16.lt_u (i8x16.sub (local.get $v1) (i8x16.splat (i32.const 48))) (i8x16.splat (i32.const 10)))) (i32.const 0x76db)) (i32.const 0x76db)))))

  ;; The naive ms of the asctime `YYYY-MM-DD HH:MM:SS,mmm` whose 23 bytes start at p (before
  ;; nl); NaN when it is not one, names a day that does not exist, or a leap second ($time takes
  ;; no second above 59: the string path writes :60 as the next minute).
  (func $asctime (param $p i32) (param $nl i32) (result f64)
    (if (i32.lt_s (i32.sub (local.get $nl) (local.get $p)) (i32.const 23)) (then (return (f64.const nan))))
    (if (i32.eqz (call $asctimeShape (local.get $p))) (then (return (f64.const nan))))
    (call $time
      (i8x16.sub (v128.load (local.get $p)) (i8x16.splat (i32.const 48)))
      (i8x16.sub (v128.load offset=8 (local.get $p)) (i8x16.splat (i32.const 48)))))

  ;; The level word DEBUG, INFO, WARNING, ERROR or CRITICAL at p, then the byte `after` (before
  ;; nl): level | length << 8, its level numbered as $levelPart's; -1 for none.
  (func $levelWord (param $p i32) (param $nl i32) (param $after i32) (result i32)
    (local $w i64) (local $level i32) (local $len i32)
    (local.set $w (i64.load (local.get $p)))
    (local.set $level (i32.const -1))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFF)) (i64.const 0x4f464e49))
      (then (local.set $level (i32.const 0)) (local.set $len (i32.const 4))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFFFFFF)) (i64.const 0x474e494e524157))
      (then (local.set $level (i32.const 1)) (local.set $len (i32.const 7))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFF)) (i64.const 0x524f525245))
      (then (local.set $level (i32.const 2)) (local.set $len (i32.const 5))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFF)) (i64.const 0x4755424544))
      (then (local.set $level (i32.const 3)) (local.set $len (i32.const 5))))
    (if (i64.eq (local.get $w) (i64.const 0x4c41434954495243))
      (then (local.set $level (i32.const 4)) (local.set $len (i32.const 8))))
    (if (i32.lt_s (local.get $level) (i32.const 0)) (then (return (i32.const -1))))
    (if (i32.ge_u (i32.add (local.get $p) (local.get $len)) (local.get $nl)) (then (return (i32.const -1))))
    (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $len))) (local.get $after)) (then (return (i32.const -1))))
    (i32.or (local.get $level) (i32.shl (local.get $len) (i32.const 8))))

  ;; The end of a logger name from p: the first `stop` byte before nl, or 0 when there is none,
  ;; the name is empty, or holds a byte that is not printable ASCII or is a space (loggerName in
  ;; importLines.ts would change it). With `digitsOk` 0, a name of digits only is 0 too.
  (func $name (param $p i32) (param $nl i32) (param $stop i32) (param $digitsOk i32) (result i32)
    (local $q i32) (local $c i32) (local $digits i32)
    (local.set $q (local.get $p))
    (local.set $digits (i32.const 1))
    (block $found (loop $scan
      (if (i32.ge_u (local.get $q) (local.get $nl)) (then (return (i32.const 0))))
      (local.set $c (i32.load8_u (local.get $q)))
      (br_if $found (i32.eq (local.get $c) (local.get $stop)))
      (if (i32.gt_u (i32.sub (local.get $c) (i32.const 33)) (i32.const 93)) (then (return (i32.const 0))))
      (if (i32.gt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)) (then (local.set $digits (i32.const 0))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $scan)))
    (if (i32.eq (local.get $q) (local.get $p)) (then (return (i32.const 0))))
    (if (i32.and (local.get $digits) (i32.eqz (local.get $digitsOk))) (then (return (i32.const 0))))
    (local.get $q))

  ;; The end of a level name at p as classifyLine (logLine.ts) reads one, `Level <digits>` or an
  ;; upper-case word (letters, digits, "_"); -1 for none.
  (func $levelEnd (param $p i32) (param $nl i32) (result i32)
    (local $i i32) (local $c i32)
    (if (i32.and (i32.gt_s (i32.sub (local.get $nl) (local.get $p)) (i32.const 6))
                 (i64.eq (i64.and (i64.load (local.get $p)) (i64.const 0xFFFFFFFFFFFF)) (i64.const 0x206c6576654c)))
      (then
        (local.set $i (i32.add (local.get $p) (i32.const 6)))
        (if (i32.eqz (call $digit (local.get $i))) (then (return (i32.const -1))))
        (block $end (loop $digits
          (br_if $end (i32.ge_u (local.get $i) (local.get $nl)))
          (br_if $end (i32.eqz (call $digit (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $digits)))
        (return (local.get $i))))
    (if (i32.gt_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 65)) (i32.const 25)) (then (return (i32.const -1))))
    (local.set $i (i32.add (local.get $p) (i32.const 1)))
    (block $end (loop $word
      (br_if $end (i32.ge_u (local.get $i) (local.get $nl)))
      (local.set $c (i32.load8_u (local.get $i)))
      (br_if $end (i32.eqz (i32.or (i32.or (i32.le_u (i32.sub (local.get $c) (i32.const 65)) (i32.const 25)) (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)))
                                   (i32.eq (local.get $c) (i32.const 95)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $word)))
    (local.get $i))

  ;; Whether [p, nl) is a header of ours from its `Worker`, as classifyLine (logLine.ts) reads it:
  ;; `Worker <rank> - <logger> - <LEVEL> - ...`, the logger ending at the first " - " that a level
  ;; name and " -" (then the end or a space) follow.
  (func $ours (param $p i32) (param $nl i32) (result i32)
    (local $q i32) (local $digits i32) (local $le i32)
    (if (i32.lt_s (i32.sub (local.get $nl) (local.get $p)) (i32.const 14)) (then (return (i32.const 0))))
    (if (i64.ne (i64.and (i64.load (local.get $p)) (i64.const 0xFFFFFFFFFFFFFF)) (i64.const 0x2072656b726f57)) (then (return (i32.const 0))))
    (local.set $q (i32.add (local.get $p) (i32.const 7)))
    (local.set $digits (local.get $q))
    (block $end (loop $rank
      (br_if $end (i32.ge_u (local.get $q) (local.get $nl)))
      (br_if $end (i32.eqz (call $digit (local.get $q))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $rank)))
    (if (i32.or (i32.eq (local.get $q) (local.get $digits)) (i32.gt_u (i32.sub (local.get $q) (local.get $digits)) (i32.const 15))) (then (return (i32.const 0))))
    ;; " - " (the line's break, in memory at nl, is none of its bytes).
    (if (i32.ne (i32.and (i32.load (local.get $q)) (i32.const 0xFFFFFF)) (i32.const 0x202d20)) (then (return (i32.const 0))))
    (local.set $q (i32.add (local.get $q) (i32.const 4)))
    (loop $dash
      (if (i32.ge_u (i32.add (local.get $q) (i32.const 1)) (local.get $nl)) (then (return (i32.const 0))))
      (if (i32.and (i32.eq (i32.load8_u (local.get $q)) (i32.const 45))
                   (i32.and (i32.eq (i32.load8_u (i32.sub (local.get $q) (i32.const 1))) (i32.const 32)) (i32.eq (i32.load8_u offset=1 (local.get $q)) (i32.const 32))))
        (then
          (local.set $le (call $levelEnd (i32.add (local.get $q) (i32.const 2)) (local.get $nl)))
          (if (i32.and (i32.ge_s (local.get $le) (i32.const 0)) (i32.le_u (i32.add (local.get $le) (i32.const 2)) (local.get $nl)))
            (then
              (if (i32.and (i32.eq (i32.load16_u (local.get $le)) (i32.const 0x2d20))
                           (i32.or (i32.eq (i32.add (local.get $le) (i32.const 2)) (local.get $nl)) (i32.eq (i32.load8_u offset=2 (local.get $le)) (i32.const 32))))
                (then (return (i32.const 1))))))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $dash))
    (i32.const 0))

  ;; The level of [s, e) when it is a level word alone, as the timestamped format of
  ;; timestampedLines.ts names them (LEVEL_WORD, LEVEL_NAMES_ONLY), numbered as $levelPart's; -1 for none.
  (func $levelName (param $s i32) (param $e i32) (result i32)
    (local $level i32)
    (local.set $level (call $levelAt (local.get $s) (local.get $e)))
    (select (i32.and (local.get $level) (i32.const 255)) (i32.const -1)
      (i32.and (i32.ge_s (local.get $level) (i32.const 0)) (i32.eq (i32.shr_u (local.get $level) (i32.const 8)) (i32.sub (local.get $e) (local.get $s))))))

  ;; A line `<asctime> - ...` from p (the caller has seen " -" after the time): ours, `<asctime> -
  ;; Worker <rank> - <logger> - <LEVEL> - ...` as $ours reads it, kept as it is (its time, when
  ;; $asctime reads one, is the writer's last, as in RankLineWriter.line); or the cookbook's
  ;; `<asctime> - <name> - <LEVEL> - <message>` (see $named). Returns the end, or 0 for a line it
  ;; leaves to the caller.
  (func $dashed (param $p i32) (param $nl i32) (param $out i32) (param $rank i32) (result i32)
    (global.set $otherTime (f64.const nan))
    (if (i32.lt_s (i32.sub (local.get $nl) (local.get $p)) (i32.const 27)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u offset=25 (local.get $p)) (i32.const 32)) (then (return (i32.const 0))))
    (if (i64.eq (i64.and (i64.load offset=26 (local.get $p)) (i64.const 0xFFFFFFFFFFFFFF)) (i64.const 0x2072656b726f57))
      (then
        (if (i32.eqz (call $asctimeShape (local.get $p))) (then (return (i32.const 0))))
        (if (i32.lt_u (global.get $high) (local.get $nl)) (then (return (i32.const 0))))
        (if (i32.eqz (call $ours (i32.add (local.get $p) (i32.const 26)) (local.get $nl))) (then (return (i32.const 0))))
        (global.set $otherTime (call $asctime (local.get $p) (local.get $nl)))
        (return (call $copy (local.get $out) (local.get $p) (local.get $nl)))))
    (call $named (local.get $p) (i32.add (local.get $p) (i32.const 26)) (i32.const 32) (i32.const 0x202d20) (i32.const 3) (i32.const 32)
      (local.get $nl) (local.get $out) (local.get $rank)))

  ;; Hydra's format, `[<asctime>][<name>][<LEVEL>] - <message>` from its "[" at p (see $named).
  ;; Returns the end, or 0 for a line it leaves to the caller.
  (func $hydra (param $p i32) (param $nl i32) (param $out i32) (param $rank i32) (result i32)
    (global.set $otherTime (f64.const nan))
    (if (i32.lt_s (i32.sub (local.get $nl) (local.get $p)) (i32.const 27)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load16_u offset=24 (local.get $p)) (i32.const 0x5b5d)) (then (return (i32.const 0))))
    (call $named (i32.add (local.get $p) (i32.const 1)) (i32.add (local.get $p) (i32.const 26)) (i32.const 93) (i32.const 0x5b5d) (i32.const 2) (i32.const 93)
      (local.get $nl) (local.get $out) (local.get $rank)))

  ;; A record that starts with an asctime at a, its name at `name` ended by the byte `stop`, then
  ;; `between` (its `betweenLength` bytes, little-endian), then a level word ended by `levelStop`,
  ;; then the message: the cookbook's and Hydra's formats, as the timestamped format of
  ;; timestampedLines.ts reads them, when its time exists, its name is 1-120 letters, digits, "_" or
  ;; "." and no level word (which that format would take for the level), and its level one of the
  ;; five. Written at out as `<asctime> - Worker <rank> - <name> - <LEVEL> - <message>`, the
  ;; message without what that format strips before it (a "]" or ")", then separators), its time
  ;; in $otherTime. Returns the end, or 0.
  (func $named (param $a i32) (param $name i32) (param $stop i32) (param $between i32) (param $betweenLength i32) (param $levelStop i32)
               (param $nl i32) (param $out i32) (param $rank i32) (result i32)
    (local $time f64) (local $q i32) (local $c i32) (local $level i32)
    (local.set $time (call $asctime (local.get $a) (local.get $nl)))
    (if (f64.ne (local.get $time) (local.get $time)) (then (return (i32.const 0))))
    (local.set $q (local.get $name))
    (block $end (loop $chars
      (if (i32.ge_u (local.get $q) (local.get $nl)) (then (return (i32.const 0))))
      (local.set $c (i32.load8_u (local.get $q)))
      (br_if $end (i32.eq (local.get $c) (local.get $stop)))
      (if (i32.eqz (call $wordByte (local.get $c))) (then (return (i32.const 0))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br_if $chars (i32.le_u (i32.sub (local.get $q) (local.get $name)) (i32.const 120)))
      (return (i32.const 0))))
    (if (i32.eq (local.get $q) (local.get $name)) (then (return (i32.const 0))))
    (if (i32.ge_s (call $levelName (local.get $name) (local.get $q)) (i32.const 0)) (then (return (i32.const 0))))
    (if (i32.ne (i32.and (i32.load (local.get $q)) (i32.sub (i32.shl (i32.const 1) (i32.shl (local.get $betweenLength) (i32.const 3))) (i32.const 1)))
                (local.get $between))
      (then (return (i32.const 0))))
    (local.set $level (call $levelWord (i32.add (local.get $q) (local.get $betweenLength)) (local.get $nl) (local.get $levelStop)))
    (if (i32.lt_s (local.get $level) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $c (i32.add (i32.add (local.get $q) (local.get $betweenLength)) (i32.shr_u (local.get $level) (i32.const 8))))
    (local.set $c (call $afterLevel (local.get $c) (local.get $nl)))
    (if (i32.eqz (call $messageStart (local.get $c) (local.get $nl))) (then (return (i32.const 0))))
    (global.set $otherTime (local.get $time))
    ;; `<asctime> - Worker <rank> - <name> - <LEVEL> - <message>`
    (memory.copy (local.get $out) (local.get $a) (i32.const 23))
    (i32.store16 offset=23 (local.get $out) (i32.const 0x2d20))
    (i32.store8 offset=25 (local.get $out) (i32.const 32))
    (local.set $out (call $worker (i32.add (local.get $out) (i32.const 26)) (local.get $rank)))
    (local.set $out (call $copy (local.get $out) (local.get $name) (local.get $q)))
    (local.set $out (call $levelPart (local.get $out) (i32.and (local.get $level) (i32.const 255))))
    (call $copy (local.get $out) (local.get $c) (local.get $nl)))

  ;; Whether byte c is one the timestamped format strips before a message: white space (a plain
  ;; line's: space, tab, vertical tab, form feed), "-", "|" or ":".
  (func $separator (param $c i32) (result i32)
    (i32.or (call $white (local.get $c))
            (i32.or (i32.eq (local.get $c) (i32.const 45)) (i32.or (i32.eq (local.get $c) (i32.const 124)) (i32.eq (local.get $c) (i32.const 58))))))

  ;; DeepSpeed's logger, `[YYYY-MM-DD HH:MM:SS,mmm] [LEVEL] [logger] message` from its "[" at p,
  ;; as the deepspeed format of lineFormats.ts reads it, when its time exists and its logger is
  ;; a name as $name takes it: written at out as `<asctime> - Worker <rank> - <logger> - <LEVEL>
  ;; - <message>`, its time in $otherTime. Returns the end, or 0 for a line it leaves to the caller.
  (func $deepspeed (param $p i32) (param $nl i32) (param $out i32) (param $rank i32) (result i32)
    (local $time f64) (local $level i32) (local $logger i32) (local $q i32)
    (local.set $time (call $asctime (i32.add (local.get $p) (i32.const 1)) (local.get $nl)))
    (if (f64.ne (local.get $time) (local.get $time)) (then (return (i32.const 0))))
    ;; "] [" after the time, then the level word and "]".
    (if (i32.ge_s (i32.add (local.get $p) (i32.const 27)) (local.get $nl)) (then (return (i32.const 0))))
    (if (i32.ne (i32.and (i32.load offset=24 (local.get $p)) (i32.const 0xFFFFFF)) (i32.const 0x5b205d)) (then (return (i32.const 0))))
    (local.set $level (call $levelWord (i32.add (local.get $p) (i32.const 27)) (local.get $nl) (i32.const 93)))
    (if (i32.lt_s (local.get $level) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $q (i32.add (i32.add (local.get $p) (i32.const 27)) (i32.shr_u (local.get $level) (i32.const 8))))
    ;; " [", the logger, "]".
    (if (i32.ge_s (i32.add (local.get $q) (i32.const 3)) (local.get $nl)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load16_u offset=1 (local.get $q)) (i32.const 0x5b20)) (then (return (i32.const 0))))
    (local.set $logger (i32.add (local.get $q) (i32.const 3)))
    (local.set $q (call $name (local.get $logger) (local.get $nl) (i32.const 93) (i32.const 1)))
    (if (i32.eqz (local.get $q)) (then (return (i32.const 0))))
    (global.set $otherTime (local.get $time))
    ;; `<asctime> - Worker <rank> - <logger> - <LEVEL> - <message>`
    (memory.copy (local.get $out) (i32.add (local.get $p) (i32.const 1)) (i32.const 23))
    (i32.store16 offset=23 (local.get $out) (i32.const 0x2d20))
    (i32.store8 offset=25 (local.get $out) (i32.const 32))
    (local.set $out (call $worker (i32.add (local.get $out) (i32.const 26)) (local.get $rank)))
    (local.set $out (call $copy (local.get $out) (local.get $logger) (local.get $q)))
    (local.set $out (call $levelPart (local.get $out) (i32.and (local.get $level) (i32.const 255))))
    ;; "]", then one space, belong to no part.
    (local.set $q (i32.add (local.get $q) (i32.const 1)))
    (if (i32.and (i32.lt_u (local.get $q) (local.get $nl)) (i32.eq (i32.load8_u (local.get $q)) (i32.const 32)))
      (then (local.set $q (i32.add (local.get $q) (i32.const 1)))))
    (call $copy (local.get $out) (local.get $q) (local.get $nl)))

  ;; detectron2's console from its "[" at p (lineFormats.ts's DETECTRON2): `[MM/DD HH:MM:SS
  ;; name]: message`, its date in `year` (one that exists, no leap second, not after the last
  ;; day: as $glog's), at level k (numbered as $levelPart's: INFO, or the word before the "[").
  ;; Written at out as `<year>-MM-DD HH:MM:SS,000 - Worker <rank> - <name> - <LEVEL> - message`.
  ;; Returns the end, or 0 for a line it leaves to the caller.
  (func $detectron2 (param $p i32) (param $nl i32) (param $out i32) (param $rank i32) (param $year i32) (param $k i32) (result i32)
    (local $name i32) (local $q i32) (local $mo i32) (local $day i32) (local $h i32) (local $mi i32) (local $sec i32)
    (if (i32.lt_s (i32.sub (local.get $nl) (local.get $p)) (i32.const 20)) (then (return (i32.const 0))))
    (if (i32.eqz (i32.and (i32.and (i32.and (call $digit (i32.add (local.get $p) (i32.const 1))) (call $digit (i32.add (local.get $p) (i32.const 2))))
                                   (i32.and (call $digit (i32.add (local.get $p) (i32.const 4))) (call $digit (i32.add (local.get $p) (i32.const 5)))))
                          (i32.and (i32.and (i32.and (call $digit (i32.add (local.get $p) (i32.const 7))) (call $digit (i32.add (local.get $p) (i32.const 8))))
                                            (i32.and (call $digit (i32.add (local.get $p) (i32.const 10))) (call $digit (i32.add (local.get $p) (i32.const 11)))))
                                   (i32.and (call $digit (i32.add (local.get $p) (i32.const 13))) (call $digit (i32.add (local.get $p) (i32.const 14)))))))
      (then (return (i32.const 0))))
    (if (i32.or (i32.or (i32.ne (i32.load8_u (local.get $p)) (i32.const 91)) (i32.ne (i32.load8_u offset=3 (local.get $p)) (i32.const 47)))
                (i32.or (i32.or (i32.ne (i32.load8_u offset=6 (local.get $p)) (i32.const 32)) (i32.ne (i32.load8_u offset=9 (local.get $p)) (i32.const 58)))
                        (i32.or (i32.ne (i32.load8_u offset=12 (local.get $p)) (i32.const 58)) (i32.ne (i32.load8_u offset=15 (local.get $p)) (i32.const 32)))))
      (then (return (i32.const 0))))
    ;; The name ([\w.\-<>], 1-120 bytes), then "]: ".
    (local.set $name (i32.add (local.get $p) (i32.const 16)))
    (local.set $q (call $nameRun (local.get $name) (local.get $nl)))
    (if (i32.or (i32.eq (local.get $q) (local.get $name)) (i32.gt_u (i32.add (local.get $q) (i32.const 3)) (local.get $nl))) (then (return (i32.const 0))))
    (if (i32.ne (i32.and (i32.load (local.get $q)) (i32.const 0xFFFFFF)) (i32.const 0x203a5d)) (then (return (i32.const 0))))
    (local.set $mo (call $two (i32.add (local.get $p) (i32.const 1))))
    (local.set $day (call $two (i32.add (local.get $p) (i32.const 4))))
    (local.set $h (call $two (i32.add (local.get $p) (i32.const 7))))
    (local.set $mi (call $two (i32.add (local.get $p) (i32.const 10))))
    (local.set $sec (call $two (i32.add (local.get $p) (i32.const 13))))
    (if (call $assumedYearTime (local.get $year) (local.get $mo) (local.get $day) (local.get $h) (local.get $mi) (local.get $sec) (i32.const 0))
      (then (return (i32.const 0))))
    ;; `YYYY-MM-DD HH:MM:SS,000 - Worker <rank> - <name> - <LEVEL> - <message>`
    (local.set $out (call $assumedYearHead (local.get $out) (local.get $year) (i32.add (local.get $p) (i32.const 1)) (i32.add (local.get $p) (i32.const 4))
      (i32.add (local.get $p) (i32.const 6)) (i32.const 0) (local.get $rank) (local.get $name) (local.get $q) (local.get $k)))
    (call $copy (local.get $out) (i32.add (local.get $q) (i32.const 3)) (local.get $nl)))

  ;; Python's default format (`logging.basicConfig()`), `LEVEL:name:message` from p, as the
  ;; python format of lineFormats.ts reads it, when its name is a name as $name takes it and not
  ;; digits only (`INFO:12:34 [0] NCCL ...` is NCCL's): written at out as `Worker <rank> - <name>
  ;; - <LEVEL> - <message>`, without a time. Returns the end, or 0 for a line it leaves to the caller.
  (func $python (param $p i32) (param $nl i32) (param $out i32) (param $rank i32) (result i32)
    (local $level i32) (local $logger i32) (local $q i32)
    (local.set $level (call $levelWord (local.get $p) (local.get $nl) (i32.const 58)))
    (if (i32.lt_s (local.get $level) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $logger (i32.add (i32.add (local.get $p) (i32.shr_u (local.get $level) (i32.const 8))) (i32.const 1)))
    (local.set $q (call $name (local.get $logger) (local.get $nl) (i32.const 58) (i32.const 0)))
    (if (i32.eqz (local.get $q)) (then (return (i32.const 0))))
    (local.set $out (call $worker (local.get $out) (local.get $rank)))
    (local.set $out (call $copy (local.get $out) (local.get $logger) (local.get $q)))
    (local.set $out (call $levelPart (local.get $out) (i32.and (local.get $level) (i32.const 255))))
    (call $copy (local.get $out) (i32.add (local.get $q) (i32.const 1)) (local.get $nl)))

  ;; A record's head whose date is of `year` (glog's, detectron2's: $assumedYearTime took it),
  ;; written at out: `YYYY-MM-DD HH:MM:SS,mmm - Worker <rank> - <name> - <LEVEL> - `, the month's
  ;; and the day's two digits at mo and day, the space before the clock at clock, the name
  ;; [name, nameEnd), the level numbered as $levelPart's. Returns the end.
  (func $assumedYearHead (param $out i32) (param $year i32) (param $mo i32) (param $day i32) (param $clock i32) (param $ms i32)
                         (param $rank i32) (param $name i32) (param $nameEnd i32) (param $level i32) (result i32)
    (drop (call $decimal (local.get $out) (local.get $year)))
    (i32.store8 offset=4 (local.get $out) (i32.const 45))
    (i32.store16 offset=5 (local.get $out) (i32.load16_u (local.get $mo)))
    (i32.store8 offset=7 (local.get $out) (i32.const 45))
    (i32.store16 offset=8 (local.get $out) (i32.load16_u (local.get $day)))
    (i64.store offset=10 (local.get $out) (i64.load (local.get $clock)))
    (i32.store16 offset=17 (local.get $out) (i32.load16_u offset=7 (local.get $clock)))
    (i32.store8 offset=19 (local.get $out) (i32.const 44))
    (i32.store8 offset=20 (local.get $out) (i32.add (i32.const 48) (i32.div_u (local.get $ms) (i32.const 100))))
    (i32.store8 offset=21 (local.get $out) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $ms) (i32.const 10)) (i32.const 10))))
    (i32.store8 offset=22 (local.get $out) (i32.add (i32.const 48) (i32.rem_u (local.get $ms) (i32.const 10))))
    (i32.store16 offset=23 (local.get $out) (i32.const 0x2d20))
    (i32.store8 offset=25 (local.get $out) (i32.const 32))
    (local.set $out (call $worker (i32.add (local.get $out) (i32.const 26)) (local.get $rank)))
    (local.set $out (call $copy (local.get $out) (local.get $name) (local.get $nameEnd)))
    (call $levelPart (local.get $out) (local.get $level)))

  ;; A date of `year` (its year assumed: glog's, detectron2's) and its clock, as $otherTime (naive
  ;; ms); returns 1, $otherTime untouched, for a date that does not exist, a clock that is none (no
  ;; leap second), or a date after the last day (of the year before: the caller's, as is a leap
  ;; day then).
  (func $assumedYearTime (param $year i32) (param $mo i32) (param $day i32) (param $h i32) (param $mi i32) (param $sec i32) (param $ms i32) (result i32)
    (if (i32.or (i32.or (i32.lt_u (local.get $year) (i32.const 1000)) (i32.gt_u (local.get $year) (i32.const 9999)))
                (i32.or (i32.or (i32.eqz (local.get $mo)) (i32.gt_u (local.get $mo) (i32.const 12)))
                        (i32.or (i32.or (i32.eqz (local.get $day)) (i32.gt_u (local.get $day) (call $monthDays (local.get $year) (local.get $mo))))
                                (i32.or (i32.gt_u (local.get $h) (i32.const 23)) (i32.or (i32.gt_u (local.get $mi) (i32.const 59)) (i32.gt_u (local.get $sec) (i32.const 59)))))))
      (then (return (i32.const 1))))
    (if (i32.and (i32.ne (i32.load offset=36 (i32.const 0)) (i32.const 0))
                 (i32.gt_s (call $days (local.get $year) (local.get $mo) (local.get $day)) (i32.load offset=36 (i32.const 0))))
      (then (return (i32.const 1))))
    (global.set $otherTime (f64.add
      (f64.mul (f64.convert_i32_s (call $days (local.get $year) (local.get $mo) (local.get $day))) (f64.const 86400000))
      (f64.convert_i32_u (i32.add (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $h) (i32.const 60)) (local.get $mi)) (i32.const 60)) (local.get $sec)) (i32.const 1000)) (local.get $ms)))))
    (i32.const 0))

  ;; A glog line (c10d, ProcessGroupNCCL) from its level letter at p:
  ;; `I1130 09:12:33.123456 1234 file.cpp:1234] message`, as the glog format of lineFormats.ts
  ;; reads it, in its usual shape only (a thread id; a date of `year` that exists; no leap
  ;; second): written at out as `<year>-11-30 09:12:33,123 - Worker <rank> - file.cpp:1234 -
  ;; <LEVEL> - message`. Returns the end, or 0 for a line it leaves to the caller.
  (func $glog (param $p i32) (param $nl i32) (param $out i32) (param $rank i32) (param $year i32) (result i32)
    (local $level i32) (local $q i32) (local $frac i32) (local $ms i32) (local $token i32) (local $colon i32)
    (local $c i32) (local $mo i32) (local $day i32) (local $h i32) (local $mi i32) (local $sec i32) (local $k i32)
    (local.set $c (i32.load8_u (local.get $p)))
    (local.set $level (select (i32.const 0) (select (i32.const 1) (select (i32.const 2) (select (i32.const 4) (i32.const -1)
      (i32.eq (local.get $c) (i32.const 70))) (i32.eq (local.get $c) (i32.const 69))) (i32.eq (local.get $c) (i32.const 87))) (i32.eq (local.get $c) (i32.const 73))))
    (if (i32.lt_s (local.get $level) (i32.const 0)) (then (return (i32.const 0))))
    (if (i32.lt_s (i32.sub (local.get $nl) (local.get $p)) (i32.const 23)) (then (return (i32.const 0))))
    (if (i32.eqz (i32.and (i32.and (i32.and (call $digit (i32.add (local.get $p) (i32.const 1))) (call $digit (i32.add (local.get $p) (i32.const 2))))
                                   (i32.and (call $digit (i32.add (local.get $p) (i32.const 3))) (call $digit (i32.add (local.get $p) (i32.const 4)))))
                          (i32.and (i32.and (i32.and (call $digit (i32.add (local.get $p) (i32.const 6))) (call $digit (i32.add (local.get $p) (i32.const 7))))
                                            (i32.and (call $digit (i32.add (local.get $p) (i32.const 9))) (call $digit (i32.add (local.get $p) (i32.const 10)))))
                                   (i32.and (call $digit (i32.add (local.get $p) (i32.const 12))) (call $digit (i32.add (local.get $p) (i32.const 13)))))))
      (then (return (i32.const 0))))
    (if (i32.or (i32.or (i32.ne (i32.load8_u offset=5 (local.get $p)) (i32.const 32)) (i32.ne (i32.load8_u offset=8 (local.get $p)) (i32.const 58)))
                (i32.or (i32.ne (i32.load8_u offset=11 (local.get $p)) (i32.const 58)) (i32.ne (i32.load8_u offset=14 (local.get $p)) (i32.const 46))))
      (then (return (i32.const 0))))
    ;; The fraction (1-9 digits), spaces, the thread id, spaces.
    (local.set $q (i32.add (local.get $p) (i32.const 15)))
    (block $end (loop $digits
      (br_if $end (i32.ge_u (local.get $q) (local.get $nl)))
      (br_if $end (i32.eqz (call $digit (local.get $q))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $digits)))
    (local.set $frac (i32.sub (local.get $q) (i32.add (local.get $p) (i32.const 15))))
    (if (i32.or (i32.eqz (local.get $frac)) (i32.gt_u (local.get $frac) (i32.const 9))) (then (return (i32.const 0))))
    (local.set $k (i32.const 0))
    (loop $parts
      (if (i32.or (i32.ge_u (local.get $q) (local.get $nl)) (i32.ne (i32.load8_u (local.get $q)) (i32.const 32))) (then (return (i32.const 0))))
      (block $spaced (loop $space
        (br_if $spaced (i32.ge_u (local.get $q) (local.get $nl)))
        (br_if $spaced (i32.ne (i32.load8_u (local.get $q)) (i32.const 32)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $space)))
      (if (i32.eqz (local.get $k))
        (then
          (local.set $c (local.get $q))
          (block $end (loop $thread
            (br_if $end (i32.ge_u (local.get $q) (local.get $nl)))
            (br_if $end (i32.eqz (call $digit (local.get $q))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $thread)))
          (if (i32.eq (local.get $q) (local.get $c)) (then (return (i32.const 0))))
          (local.set $k (i32.const 1))
          (br $parts))))
    ;; The source file and line, up to "]": no whitespace, and `:<digits>` at its end.
    (local.set $token (local.get $q))
    (local.set $colon (i32.const 0))
    (block $closed (loop $file
      (if (i32.ge_u (local.get $q) (local.get $nl)) (then (return (i32.const 0))))
      (local.set $c (i32.load8_u (local.get $q)))
      (br_if $closed (i32.eq (local.get $c) (i32.const 93)))
      (if (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.le_u (i32.sub (local.get $c) (i32.const 9)) (i32.const 4))) (then (return (i32.const 0))))
      (if (i32.eq (local.get $c) (i32.const 58)) (then (local.set $colon (local.get $q))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $file)))
    (if (i32.or (i32.le_u (local.get $colon) (local.get $token)) (i32.ge_u (i32.add (local.get $colon) (i32.const 1)) (local.get $q))) (then (return (i32.const 0))))
    (local.set $c (i32.add (local.get $colon) (i32.const 1)))
    (block $end (loop $lineDigits
      (br_if $end (i32.ge_u (local.get $c) (local.get $q)))
      (if (i32.eqz (call $digit (local.get $c))) (then (return (i32.const 0))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $lineDigits)))
    ;; The date, in `year`.
    (local.set $mo (call $two (i32.add (local.get $p) (i32.const 1))))
    (local.set $day (call $two (i32.add (local.get $p) (i32.const 3))))
    (local.set $h (call $two (i32.add (local.get $p) (i32.const 6))))
    (local.set $mi (call $two (i32.add (local.get $p) (i32.const 9))))
    (local.set $sec (call $two (i32.add (local.get $p) (i32.const 12))))
    (local.set $ms (i32.mul (i32.sub (i32.load8_u offset=15 (local.get $p)) (i32.const 48)) (i32.const 100)))
    (if (i32.ge_u (local.get $frac) (i32.const 2)) (then (local.set $ms (i32.add (local.get $ms) (i32.mul (i32.sub (i32.load8_u offset=16 (local.get $p)) (i32.const 48)) (i32.const 10))))))
    (if (i32.ge_u (local.get $frac) (i32.const 3)) (then (local.set $ms (i32.add (local.get $ms) (i32.sub (i32.load8_u offset=17 (local.get $p)) (i32.const 48))))))
    (if (call $assumedYearTime (local.get $year) (local.get $mo) (local.get $day) (local.get $h) (local.get $mi) (local.get $sec) (local.get $ms))
      (then (return (i32.const 0))))
    ;; `YYYY-MM-DD HH:MM:SS,mmm - Worker <rank> - <file:line> - <LEVEL> - <message>`
    (local.set $out (call $assumedYearHead (local.get $out) (local.get $year) (i32.add (local.get $p) (i32.const 1)) (i32.add (local.get $p) (i32.const 3))
      (i32.add (local.get $p) (i32.const 5)) (local.get $ms) (local.get $rank) (local.get $token) (local.get $q) (local.get $level)))
    ;; "]", then one space, belong to no part.
    (local.set $q (i32.add (local.get $q) (i32.const 1)))
    (if (i32.and (i32.lt_u (local.get $q) (local.get $nl)) (i32.eq (i32.load8_u (local.get $q)) (i32.const 32)))
      (then (local.set $q (i32.add (local.get $q) (i32.const 1)))))
    (call $copy (local.get $out) (local.get $q) (local.get $nl)))

  ;; NCCL's debug output, `host:pid:tid [dev] NCCL INFO|WARN|ERROR|TRACE|ABORT message`, as the
  ;; nccl format of lineFormats.ts reads it: written at out as `Worker <rank> - NCCL host:pid
  ;; cuda:dev - <LEVEL> - message`. Returns the end, or 0 exactly when the nccl format would not
  ;; read the line (the caller then writes it as a print).
  (func $nccl (param $rest i32) (param $nl i32) (param $out i32) (param $rank i32) (result i32)
    (local $q i32) (local $c i32) (local $hostEnd i32) (local $pid i32) (local $pidEnd i32) (local $dev i32) (local $devEnd i32) (local $level i32) (local $w i32)
    (local.set $q (local.get $rest))
    ;; The host: letters, digits, "_", "." and "-".
    (block $end (loop $host
      (br_if $end (i32.ge_u (local.get $q) (local.get $nl)))
      (local.set $c (i32.load8_u (local.get $q)))
      (br_if $end (i32.eqz (i32.or (i32.or (i32.le_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 25))
                                           (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)))
                                   (i32.or (i32.eq (local.get $c) (i32.const 95)) (i32.or (i32.eq (local.get $c) (i32.const 46)) (i32.eq (local.get $c) (i32.const 45)))))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $host)))
    (local.set $hostEnd (local.get $q))
    (if (i32.or (i32.eq (local.get $q) (local.get $rest)) (i32.ge_u (local.get $q) (local.get $nl))) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $q)) (i32.const 58)) (then (return (i32.const 0))))
    ;; pid, ":", tid, " [", dev, "]".
    (local.set $pid (i32.add (local.get $q) (i32.const 1)))
    (local.set $q (local.get $pid))
    (local.set $w (i32.const 0))
    (loop $numbers
      (local.set $c (local.get $q))
      (block $end (loop $digits
        (br_if $end (i32.ge_u (local.get $q) (local.get $nl)))
        (br_if $end (i32.eqz (call $digit (local.get $q))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $digits)))
      (if (i32.or (i32.eq (local.get $q) (local.get $c)) (i32.ge_u (local.get $q) (local.get $nl))) (then (return (i32.const 0))))
      (if (i32.eqz (local.get $w))
        (then
          (local.set $pidEnd (local.get $q))
          (if (i32.ne (i32.load8_u (local.get $q)) (i32.const 58)) (then (return (i32.const 0))))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (local.set $w (i32.const 1))
          (br $numbers)))
      (if (i32.eq (local.get $w) (i32.const 1))
        (then
          (if (i32.ge_u (i32.add (local.get $q) (i32.const 2)) (local.get $nl)) (then (return (i32.const 0))))
          (if (i32.ne (i32.load16_u (local.get $q)) (i32.const 0x5b20)) (then (return (i32.const 0)))) ;; " ["
          (local.set $q (i32.add (local.get $q) (i32.const 2)))
          (local.set $dev (local.get $q))
          (local.set $w (i32.const 2))
          (br $numbers))))
    (local.set $devEnd (local.get $q))
    ;; "] NCCL " and the level word.
    (if (i32.gt_u (i32.add (local.get $q) (i32.const 11)) (local.get $nl)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $q)) (i32.const 93)) (then (return (i32.const 0))))
    (if (i64.ne (i64.and (i64.load offset=1 (local.get $q)) (i64.const 0xFFFFFFFFFFFF)) (i64.const 0x204c43434e20)) (then (return (i32.const 0))))
    (local.set $q (i32.add (local.get $q) (i32.const 7)))
    (local.set $w (i32.load (local.get $q)))
    (local.set $level (i32.const -1))
    (if (i32.eq (local.get $w) (i32.const 0x4f464e49)) (then (local.set $level (i32.const 0)) (local.set $c (i32.const 4))))
    (if (i32.eq (local.get $w) (i32.const 0x4e524157)) (then (local.set $level (i32.const 1)) (local.set $c (i32.const 4))))
    (if (i32.and (i32.lt_s (local.get $level) (i32.const 0)) (i32.le_u (i32.add (local.get $q) (i32.const 5)) (local.get $nl)))
      (then
        (if (i64.eq (i64.and (i64.load (local.get $q)) (i64.const 0xFFFFFFFFFF)) (i64.const 0x524f525245)) (then (local.set $level (i32.const 2))))
        (if (i64.eq (i64.and (i64.load (local.get $q)) (i64.const 0xFFFFFFFFFF)) (i64.const 0x4543415254)) (then (local.set $level (i32.const 3))))
        (if (i64.eq (i64.and (i64.load (local.get $q)) (i64.const 0xFFFFFFFFFF)) (i64.const 0x54524f4241)) (then (local.set $level (i32.const 4))))))
    (if (i32.lt_s (local.get $level) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $q (i32.add (local.get $q) (select (i32.const 4) (i32.const 5) (i32.le_u (local.get $level) (i32.const 1)))))
    (if (i32.gt_u (local.get $q) (local.get $nl)) (then (return (i32.const 0))))
    (if (i32.and (i32.lt_u (local.get $q) (local.get $nl)) (i32.eq (i32.load8_u (local.get $q)) (i32.const 32)))
      (then (local.set $q (i32.add (local.get $q) (i32.const 1)))))
    ;; `Worker <rank> - NCCL host:pid cuda:dev - <LEVEL> - message`
    (local.set $out (call $worker (local.get $out) (local.get $rank)))
    (i32.store (local.get $out) (i32.const 0x4c43434e))
    (i32.store8 offset=4 (local.get $out) (i32.const 32))
    (local.set $out (call $copy (i32.add (local.get $out) (i32.const 5)) (local.get $rest) (local.get $pidEnd)))
    (i64.store (local.get $out) (i64.const 0x3a6164756320))
    (local.set $out (call $copy (i32.add (local.get $out) (i32.const 6)) (local.get $dev) (local.get $devEnd)))
    (local.set $out (call $levelPart (local.get $out) (local.get $level)))
    (call $copy (local.get $out) (local.get $q) (local.get $nl)))

  ;; A progress bar redrawn with carriage returns (tqdm), as RankLineWriter.line reads a line
  ;; with a carriage return before its last byte: a record of the stream `output` holding the
  ;; bar's last state (after the last carriage return, a final one aside), trimmed. Written at
  ;; out; returns the end, or 0 for a line it leaves to the caller: one without such a carriage
  ;; return, with a NUL or an escape (the caller strips escape sequences first), another label
  ;; (`labels` as in $plain: a piece the caller joins), or a last state that is not ASCII.
  (func $bar (param $rest i32) (param $nl i32) (param $out i32) (param $rank i32) (param $labels i32) (result i32)
    (local $e i32) (local $q i32) (local $last i32) (local $c i32) (local $s i32)
    (local.set $e (local.get $nl))
    (if (i32.and (i32.gt_u (local.get $nl) (local.get $rest)) (i32.eq (i32.load8_u (i32.sub (local.get $nl) (i32.const 1))) (i32.const 13)))
      (then (local.set $e (i32.sub (local.get $nl) (i32.const 1)))))
    (local.set $last (i32.const -1))
    (local.set $q (local.get $rest))
    (block $done (loop $scan
      (br_if $done (i32.ge_u (local.get $q) (local.get $nl)))
      (local.set $c (i32.load8_u (local.get $q)))
      (if (i32.or (i32.eqz (local.get $c)) (i32.eq (local.get $c) (i32.const 27))) (then (return (i32.const 0))))
      (if (i32.and (i32.eq (local.get $c) (i32.const 13)) (i32.lt_u (local.get $q) (local.get $e))) (then (local.set $last (local.get $q))))
      ;; torchrun's `[rank`, `[def` or `[<role>`, Open MPI's `]<std`: another label in the line.
      (if (i32.and (i32.eq (local.get $labels) (i32.const 1)) (i32.eq (local.get $c) (i32.const 91)))
        (then
          (if (i64.eq (i64.and (i64.load (local.get $q)) (i64.const 0xFFFFFFFFFF)) (i64.const 0x6b6e61725b)) (then (return (i32.const 0))))
          (if (i32.eq (i32.load (local.get $q)) (i32.const 0x6665645b)) (then (return (i32.const 0))))
          (if (call $roleAt (local.get $q)) (then (return (i32.const 0))))))
      (if (i32.and (i32.eq (local.get $labels) (i32.const 2)) (i32.eq (local.get $c) (i32.const 93)))
        (then (if (i32.eq (i32.load offset=1 (local.get $q)) (i32.const 0x6474733c)) (then (return (i32.const 0))))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $scan)))
    (if (i32.lt_s (local.get $last) (i32.const 0)) (then (return (i32.const 0))))
    ;; The last state, without the white space around it (ASCII: String.trim's).
    (local.set $s (i32.add (local.get $last) (i32.const 1)))
    (block $lead (loop $trimStart
      (br_if $lead (i32.ge_u (local.get $s) (local.get $e)))
      (local.set $c (i32.load8_u (local.get $s)))
      (br_if $lead (i32.eqz (call $white (local.get $c))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $trimStart)))
    (block $trail (loop $trimEnd
      (br_if $trail (i32.le_u (local.get $e) (local.get $s)))
      (local.set $c (i32.load8_u (i32.sub (local.get $e) (i32.const 1))))
      (br_if $trail (i32.eqz (call $white (local.get $c))))
      (local.set $e (i32.sub (local.get $e) (i32.const 1)))
      (br $trimEnd)))
    ;; Well-formed UTF-8 (tqdm draws its bars with blocks), neither starting nor ending with a
    ;; space of Unicode's (which String.trim takes too).
    (if (i32.eqz (call $utf8 (local.get $s) (local.get $e))) (then (return (i32.const 0))))
    (if (i32.lt_u (local.get $s) (local.get $e))
      (then
        (if (call $unicodeSpace (local.get $s) (local.get $e)) (then (return (i32.const 0))))
        (local.set $q (i32.sub (local.get $e) (i32.const 1)))
        (block $lead (loop $back
          (br_if $lead (i32.ne (i32.and (i32.load8_u (local.get $q)) (i32.const 0xC0)) (i32.const 0x80)))
          (local.set $q (i32.sub (local.get $q) (i32.const 1)))
          (br $back)))
        (if (call $unicodeSpace (local.get $q) (local.get $e)) (then (return (i32.const 0))))))
    ;; `Worker <rank> - output - INFO - <last state>`
    (local.set $out (call $worker (local.get $out) (local.get $rank)))
    (i64.store (local.get $out) (i64.const 0x74757074756f))
    (local.set $out (call $levelPart (i32.add (local.get $out) (i32.const 6)) (i32.const 0)))
    (call $copy (local.get $out) (local.get $s) (local.get $e)))

  ;; The logger a record of the timestamped format gets when its line names none (its format's
  ;; name, as RankLineWriter.line writes it).
  (data (i32.const 176) "timestamped")

  ;; rich's logging handler's level column at p, before nl (RICH_LEVEL in lineFormats.ts): the
  ;; level padded to 8 bytes and a space (`INFO     `, `WARNING  `, `CRITICAL `), then a byte that
  ;; is not a space. Such a line (after a time in brackets, or indented as the handler's record of
  ;; the same second) is the caller's: RankLineWriter.line reads it as the handler's record.
  (func $richLevel (param $p i32) (param $nl i32) (result i32)
    (local $w i64)
    (if (i32.gt_u (i32.add (local.get $p) (i32.const 10)) (local.get $nl)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u offset=8 (local.get $p)) (i32.const 32)) (then (return (i32.const 0))))
    (if (i32.eq (i32.load8_u offset=9 (local.get $p)) (i32.const 32)) (then (return (i32.const 0))))
    (local.set $w (i64.load (local.get $p)))
    (i32.or
      (i32.or (i64.eq (local.get $w) (i64.const 0x2020204755424544)) (i64.eq (local.get $w) (i64.const 0x202020204f464e49)))
      (i32.or (i32.or (i64.eq (local.get $w) (i64.const 0x20474e494e524157)) (i64.eq (local.get $w) (i64.const 0x202020524f525245)))
              (i64.eq (local.get $w) (i64.const 0x4c41434954495243)))))

  ;; Whether [p, nl) ends with `Traceback (most recent call last):` after other bytes (carriage
  ;; returns and spaces after it aside): RankLineWriter.line may cut such a line in two
  ;; (tracebackHeadAfterText of logLine.ts), so it is the caller's.
  (func $headEnds (param $p i32) (param $nl i32) (result i32)
    (local $e i32) (local $c i32)
    (local.set $e (local.get $nl))
    (block $done (loop $back
      (br_if $done (i32.le_u (local.get $e) (local.get $p)))
      (local.set $c (i32.load8_u (i32.sub (local.get $e) (i32.const 1))))
      (br_if $done (i32.and (i32.ne (local.get $c) (i32.const 13)) (i32.ne (local.get $c) (i32.const 32))))
      (local.set $e (i32.sub (local.get $e) (i32.const 1)))
      (br $back)))
    (if (i32.le_u (i32.sub (local.get $e) (local.get $p)) (i32.const 34)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (i32.sub (local.get $e) (i32.const 1))) (i32.const 58)) (then (return (i32.const 0))))
    (local.set $e (i32.sub (local.get $e) (i32.const 34)))
    (i32.and
      (i32.and (i64.eq (i64.load (local.get $e)) (i64.const 0x6361626563617254)) (i64.eq (i64.load offset=8 (local.get $e)) (i64.const 0x2074736f6d28206b)))
      (i32.and (i64.eq (i64.load offset=16 (local.get $e)) (i64.const 0x6320746e65636572)) (i64.eq (i64.load offset=24 (local.get $e)) (i64.const 0x7473616c206c6c61)))))

  ;; Whether byte c is white space (\s) in a plain line: space, tab, vertical tab, form feed.
  (func $white (param $c i32) (result i32)
    (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.le_u (i32.sub (local.get $c) (i32.const 9)) (i32.const 4))))

  ;; Whether byte c is a word byte of a regular expression (\w: letters, digits, "_") or ".".
  (func $wordByte (param $c i32) (result i32)
    (i32.or
      (i32.or (i32.le_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 25))
              (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)))
      (i32.or (i32.eq (local.get $c) (i32.const 95)) (i32.eq (local.get $c) (i32.const 46)))))

  ;; Whether byte c may be in a logger's name as the timestamped format reads one ([\w.\-<>]).
  (func $nameByte (param $c i32) (result i32)
    (i32.or (call $wordByte (local.get $c))
            (i32.or (i32.eq (local.get $c) (i32.const 45)) (i32.eq (i32.or (local.get $c) (i32.const 2)) (i32.const 62)))))

  ;; Whether byte c is one the timestamped format strips from both ends of what comes before a
  ;; level (SEPARATORS: white space, "-", "|", ":", brackets, parentheses).
  (func $beforeSeparator (param $c i32) (result i32)
    (i32.or (call $separator (local.get $c))
            (i32.or (call $bracket (local.get $c)) (i32.le_u (i32.sub (local.get $c) (i32.const 40)) (i32.const 1)))))

  ;; Whether byte c is "[" or "]".
  (func $bracket (param $c i32) (result i32)
    (i32.or (i32.eq (local.get $c) (i32.const 91)) (i32.eq (local.get $c) (i32.const 93))))

  ;; The level word LEVEL_WORD (timestampedLines.ts) finds at i in a head that ends at h (DEBUG, INFO,
  ;; WARNING, else WARN, ERROR, CRITICAL, FATAL; no word byte or "." after it within the head),
  ;; the caller having checked the byte before it: level | length << 8, levels numbered as
  ;; $levelPart's; -1 for none.
  (func $levelAt (param $i i32) (param $h i32) (result i32)
    (local $w i64) (local $level i32) (local $len i32) (local $e i32)
    (local.set $w (i64.load (local.get $i)))
    (local.set $level (i32.const -1))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFF)) (i64.const 0x4f464e49))
      (then (local.set $level (i32.const 0)) (local.set $len (i32.const 4))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFF)) (i64.const 0x524f525245))
      (then (local.set $level (i32.const 2)) (local.set $len (i32.const 5))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFF)) (i64.const 0x4755424544))
      (then (local.set $level (i32.const 3)) (local.set $len (i32.const 5))))
    (if (i64.eq (local.get $w) (i64.const 0x4c41434954495243))
      (then (local.set $level (i32.const 4)) (local.set $len (i32.const 8))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFF)) (i64.const 0x4c41544146))
      (then (local.set $level (i32.const 4)) (local.set $len (i32.const 5))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFFFFFF)) (i64.const 0x474e494e524157))
      (then
        (local.set $e (i32.add (local.get $i) (i32.const 7)))
        (if (i32.le_u (local.get $e) (local.get $h))
          (then
            (if (i32.or (i32.eq (local.get $e) (local.get $h)) (i32.eqz (call $wordByte (i32.load8_u (local.get $e)))))
              (then (return (i32.const 0x701))))))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFF)) (i64.const 0x4e524157))
      (then (local.set $level (i32.const 1)) (local.set $len (i32.const 4))))
    (if (i32.lt_s (local.get $level) (i32.const 0)) (then (return (i32.const -1))))
    (local.set $e (i32.add (local.get $i) (local.get $len)))
    (if (i32.gt_u (local.get $e) (local.get $h)) (then (return (i32.const -1))))
    (if (i32.and (i32.lt_u (local.get $e) (local.get $h)) (call $wordByte (i32.load8_u (local.get $e)))) (then (return (i32.const -1))))
    (i32.or (local.get $level) (i32.shl (local.get $len) (i32.const 8))))

  ;; Writes the rest of a record after the asctime at out: ` - Worker <rank> - <logger [ls, le)> -
  ;; <LEVEL> - <message [m, nl)>`, its time in $otherTime; returns the end.
  (func $emit (param $out i32) (param $rank i32) (param $ls i32) (param $le i32) (param $level i32) (param $m i32) (param $nl i32) (param $time f64) (result i32)
    (global.set $otherTime (local.get $time))
    (i32.store16 offset=23 (local.get $out) (i32.const 0x2d20))
    (i32.store8 offset=25 (local.get $out) (i32.const 32))
    (local.set $out (call $worker (i32.add (local.get $out) (i32.const 26)) (local.get $rank)))
    (local.set $out (call $copy (local.get $out) (local.get $ls) (local.get $le)))
    (local.set $out (call $levelPart (local.get $out) (local.get $level)))
    (call $copy (local.get $out) (local.get $m) (local.get $nl)))

  ;; Whether [s, e) holds white space.
  (func $hasWhite (param $s i32) (param $e i32) (result i32)
    (block $none (loop $scan
      (br_if $none (i32.ge_u (local.get $s) (local.get $e)))
      (if (call $white (i32.load8_u (local.get $s))) (then (return (i32.const 1))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $scan)))
    (i32.const 0))

  ;; The first byte from p before nl that is not one $separator takes.
  (func $skipSeparators (param $p i32) (param $nl i32) (result i32)
    (block $end (loop $skip
      (br_if $end (i32.ge_u (local.get $p) (local.get $nl)))
      (br_if $end (i32.eqz (call $separator (i32.load8_u (local.get $p)))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $skip)))
    (local.get $p))

  ;; Where a message starts after a level word that ends at e (before nl): after a "]" or ")",
  ;; then the separators (white space, "-", "|", ":"), as the timestamped format strips them.
  (func $afterLevel (param $e i32) (param $nl i32) (result i32)
    (if (i32.and (i32.lt_u (local.get $e) (local.get $nl))
                 (i32.or (i32.eq (i32.load8_u (local.get $e)) (i32.const 93)) (i32.eq (i32.load8_u (local.get $e)) (i32.const 41))))
      (then (local.set $e (i32.add (local.get $e) (i32.const 1)))))
    (call $skipSeparators (local.get $e) (local.get $nl)))

  ;; The end of a logger's name from m (before nl) as the timestamped format reads one
  ;; ([\w.\-<>]{1,120}, the bytes $nameByte takes): m itself when there is none or it is longer.
  (func $nameRun (param $m i32) (param $nl i32) (result i32)
    (local $k i32)
    (local.set $k (local.get $m))
    (block $end (loop $name
      (br_if $end (i32.ge_u (local.get $k) (local.get $nl)))
      (br_if $end (i32.eqz (call $nameByte (i32.load8_u (local.get $k)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $name (i32.le_u (i32.sub (local.get $k) (local.get $m)) (i32.const 120)))
      (return (local.get $m))))
    (local.get $k))

  ;; Whether byte c may be in a tag or a host ([\w.-]: torchtitan's tag, pdsh's host).
  (func $tagByte (param $c i32) (result i32)
    (i32.or (call $wordByte (local.get $c)) (i32.eq (local.get $c) (i32.const 45))))

  ;; Whether a line `[<asctime>] ...` from p may be DeepSpeed's (`] [`) or torch elastic's (`]
  ;; name: [`), formats that read it before the timestamped one does.
  (func $bracketFormat (param $p i32) (param $nl i32) (result i32)
    (local $k i32)
    (if (i32.lt_s (i32.sub (local.get $nl) (local.get $p)) (i32.const 27)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load16_u offset=24 (local.get $p)) (i32.const 0x205d)) (then (return (i32.const 0))))
    (if (i32.eq (i32.load8_u offset=26 (local.get $p)) (i32.const 91)) (then (return (i32.const 1))))
    (local.set $k (i32.add (local.get $p) (i32.const 26)))
    (block $end (loop $word
      (br_if $end (i32.ge_u (local.get $k) (local.get $nl)))
      (br_if $end (i32.eqz (call $wordByte (i32.load8_u (local.get $k)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $word)))
    (i32.and (i32.le_u (i32.add (local.get $k) (i32.const 3)) (local.get $nl))
             (i32.eq (i32.and (i32.load (local.get $k)) (i32.const 0xFFFFFF)) (i32.const 0x5b203a))))

  ;; Whether c may follow a date's year before its clock: a space, "T" or ":".
  (func $clockSep (param $c i32) (result i32)
    (i32.or (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 84))) (i32.eq (local.get $c) (i32.const 58))))

  ;; A date day first, and its clock, at p (before nl): with the month's name (timestampedLines.ts's
  ;; MONTH_NAMED_TIME: `04-Dec-26 09:00:03`, `04 Dec 2026:09:00:03`; both separators alike, a year
  ;; of two digits this century's), or with dots (DOTTED_TIME: `04.12.2026 09:00:03`). Written at
  ;; out as an asctime's first 19 bytes (`2026-12-04 09:00:03`, the month's and the clock's
  ;; digits left to $asctime); returns the bytes read, or 0 for none.
  (func $dayFirst (param $p i32) (param $nl i32) (param $out i32) (result i32)
    (local $s i32) (local $w i32) (local $m i32) (local $y i32)
    (if (i32.gt_u (i32.add (local.get $p) (i32.const 18)) (local.get $nl)) (then (return (i32.const 0))))
    (local.set $s (i32.load8_u offset=2 (local.get $p)))
    (if (i32.eq (local.get $s) (i32.const 46))
      (then
        (if (i32.gt_u (i32.add (local.get $p) (i32.const 19)) (local.get $nl)) (then (return (i32.const 0))))
        (local.set $y (i32.add (local.get $p) (i32.const 6)))
        (if (i32.eqz (i32.and (i32.and (i32.and (call $digit (local.get $p)) (call $digit (i32.add (local.get $p) (i32.const 1))))
                                       (i32.eq (i32.load8_u offset=5 (local.get $p)) (i32.const 46)))
                              (i32.and (i32.and (i32.and (call $digit (local.get $y)) (call $digit (i32.add (local.get $y) (i32.const 1))))
                                                (i32.and (call $digit (i32.add (local.get $y) (i32.const 2))) (call $digit (i32.add (local.get $y) (i32.const 3)))))
                                       (i32.or (i32.eq (i32.load8_u offset=10 (local.get $p)) (i32.const 32)) (i32.eq (i32.load8_u offset=10 (local.get $p)) (i32.const 84))))))
          (then (return (i32.const 0))))
        (i32.store (local.get $out) (i32.load (local.get $y)))
        (i32.store8 offset=4 (local.get $out) (i32.const 45))
        (i32.store16 offset=5 (local.get $out) (i32.load16_u offset=3 (local.get $p)))
        (i32.store8 offset=7 (local.get $out) (i32.const 45))
        (i32.store16 offset=8 (local.get $out) (i32.load16_u (local.get $p)))
        (i32.store8 offset=10 (local.get $out) (i32.const 32))
        (memory.copy (i32.add (local.get $out) (i32.const 11)) (i32.add (local.get $p) (i32.const 11)) (i32.const 8))
        (return (i32.const 19))))
    (if (i32.eqz (i32.and (i32.and (call $digit (local.get $p)) (call $digit (i32.add (local.get $p) (i32.const 1))))
                          (i32.and (i32.or (i32.or (i32.eq (local.get $s) (i32.const 45)) (i32.eq (local.get $s) (i32.const 47))) (i32.eq (local.get $s) (i32.const 32)))
                                   (i32.eq (i32.load8_u offset=6 (local.get $p)) (local.get $s)))))
      (then (return (i32.const 0))))
    (local.set $w (i32.and (i32.load offset=3 (local.get $p)) (i32.const 0xFFFFFF)))
    (if (i32.eq (local.get $w) (i32.const 0x6e614a)) (then (local.set $m (i32.const 1))))  ;; Jan
    (if (i32.eq (local.get $w) (i32.const 0x626546)) (then (local.set $m (i32.const 2))))  ;; Feb
    (if (i32.eq (local.get $w) (i32.const 0x72614d)) (then (local.set $m (i32.const 3))))  ;; Mar
    (if (i32.eq (local.get $w) (i32.const 0x727041)) (then (local.set $m (i32.const 4))))  ;; Apr
    (if (i32.eq (local.get $w) (i32.const 0x79614d)) (then (local.set $m (i32.const 5))))  ;; May
    (if (i32.eq (local.get $w) (i32.const 0x6e754a)) (then (local.set $m (i32.const 6))))  ;; Jun
    (if (i32.eq (local.get $w) (i32.const 0x6c754a)) (then (local.set $m (i32.const 7))))  ;; Jul
    (if (i32.eq (local.get $w) (i32.const 0x677541)) (then (local.set $m (i32.const 8))))  ;; Aug
    (if (i32.eq (local.get $w) (i32.const 0x706553)) (then (local.set $m (i32.const 9))))  ;; Sep
    (if (i32.eq (local.get $w) (i32.const 0x74634f)) (then (local.set $m (i32.const 10))))  ;; Oct
    (if (i32.eq (local.get $w) (i32.const 0x766f4e)) (then (local.set $m (i32.const 11))))  ;; Nov
    (if (i32.eq (local.get $w) (i32.const 0x636544)) (then (local.set $m (i32.const 12))))  ;; Dec
    (if (i32.eqz (local.get $m)) (then (return (i32.const 0))))
    (local.set $y (i32.add (local.get $p) (i32.const 7)))
    (if (i32.and (i32.and (call $digit (local.get $y)) (call $digit (i32.add (local.get $y) (i32.const 1))))
                 (call $clockSep (i32.load8_u offset=2 (local.get $y))))
      (then
        (i32.store16 (local.get $out) (i32.const 0x3032))
        (i32.store16 offset=2 (local.get $out) (i32.load16_u (local.get $y)))
        (local.set $y (i32.add (local.get $y) (i32.const 2))))
      (else
        (if (i32.gt_u (i32.add (local.get $y) (i32.const 13)) (local.get $nl)) (then (return (i32.const 0))))
        (if (i32.eqz (i32.and (i32.and (i32.and (call $digit (local.get $y)) (call $digit (i32.add (local.get $y) (i32.const 1))))
                                       (i32.and (call $digit (i32.add (local.get $y) (i32.const 2))) (call $digit (i32.add (local.get $y) (i32.const 3)))))
                              (call $clockSep (i32.load8_u offset=4 (local.get $y)))))
          (then (return (i32.const 0))))
        (i32.store (local.get $out) (i32.load (local.get $y)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))))
    (i32.store8 offset=4 (local.get $out) (i32.const 45))
    (i32.store8 offset=5 (local.get $out) (i32.add (i32.const 48) (i32.div_u (local.get $m) (i32.const 10))))
    (i32.store8 offset=6 (local.get $out) (i32.add (i32.const 48) (i32.rem_u (local.get $m) (i32.const 10))))
    (i32.store8 offset=7 (local.get $out) (i32.const 45))
    (i32.store16 offset=8 (local.get $out) (i32.load16_u (local.get $p)))
    (i32.store8 offset=10 (local.get $out) (i32.const 32))
    (memory.copy (i32.add (local.get $out) (i32.const 11)) (i32.add (local.get $y) (i32.const 1)) (i32.const 8))
    (i32.sub (i32.add (local.get $y) (i32.const 9)) (local.get $p)))

  ;; The end of a UTC offset at p (`+HH:MM`, `-HHMM`) before nl, or 0.
  (func $offsetEnd (param $p i32) (param $nl i32) (result i32)
    (local $k i32) (local $c i32)
    (if (i32.gt_u (i32.add (local.get $p) (i32.const 5)) (local.get $nl)) (then (return (i32.const 0))))
    (local.set $c (i32.load8_u (local.get $p)))
    (if (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 43)) (i32.eq (local.get $c) (i32.const 45)))) (then (return (i32.const 0))))
    (local.set $k (i32.add (local.get $p) (i32.const 3)))
    (if (i32.eq (i32.load8_u (local.get $k)) (i32.const 58)) (then (local.set $k (i32.add (local.get $k) (i32.const 1)))))
    (if (i32.and (i32.and (call $digit (i32.add (local.get $p) (i32.const 1))) (call $digit (i32.add (local.get $p) (i32.const 2))))
                 (i32.and (i32.le_u (i32.add (local.get $k) (i32.const 2)) (local.get $nl))
                          (i32.and (call $digit (local.get $k)) (call $digit (i32.add (local.get $k) (i32.const 1))))))
      (then (return (i32.add (local.get $k) (i32.const 2)))))
    (i32.const 0))

  ;; Whether a word of 3 or 4 capitals and a space or "]" start at p before nl, other than INFO or
  ;; WARN: maybe a zone's name after a time (`%Z`: `CET`), which LEADING_TIME reads as such when it
  ;; is one of its ZONE_NAMES and a level follows: such a line is the string path's.
  (func $zoneName (param $p i32) (param $nl i32) (result i32)
    (local $n i32) (local $w i32)
    (block $end (loop $letters
      (br_if $end (i32.ge_u (i32.add (local.get $p) (local.get $n)) (local.get $nl)))
      (br_if $end (i32.gt_u (i32.sub (i32.load8_u (i32.add (local.get $p) (local.get $n))) (i32.const 65)) (i32.const 25)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $end (i32.gt_u (local.get $n) (i32.const 4)))
      (br $letters)))
    (if (i32.or (i32.lt_u (local.get $n) (i32.const 3)) (i32.gt_u (local.get $n) (i32.const 4))) (then (return (i32.const 0))))
    (if (i32.ge_u (i32.add (local.get $p) (local.get $n)) (local.get $nl)) (then (return (i32.const 0))))
    (local.set $w (i32.load8_u (i32.add (local.get $p) (local.get $n))))
    (if (i32.eqz (i32.or (i32.eq (local.get $w) (i32.const 32)) (i32.eq (local.get $w) (i32.const 93)))) (then (return (i32.const 0))))
    (local.set $w (i32.load (local.get $p)))
    (i32.eqz (i32.and (i32.eq (local.get $n) (i32.const 4))
                      (i32.or (i32.eq (local.get $w) (i32.const 0x4f464e49)) (i32.eq (local.get $w) (i32.const 0x4e524157))))))

  ;; Whether byte c may follow a line's time (LEADING_TIME's lookahead): white space, "]", "|", ":" or "-".
  (func $endsTime (param $c i32) (result i32)
    (i32.or (i32.or (call $white (local.get $c)) (i32.eq (local.get $c) (i32.const 93)))
            (i32.or (i32.eq (local.get $c) (i32.const 124)) (i32.or (i32.eq (local.get $c) (i32.const 58)) (i32.eq (local.get $c) (i32.const 45))))))

  ;; A line that starts with a date and time, maybe in brackets, from p, as the timestamped
  ;; format of timestampedLines.ts (parseTimestamped) reads it where no format before it does: its
  ;; time (LEADING_TIME: `YYYY-MM-DD`, a space or "T", `HH:MM:SS`, a fraction of 1-9 digits after
  ;; "." or ",", "Z" or an offset (or after a space an offset, `UTC` or `GMT`), "]"; or MONTH_FIRST_TIME's `MM/DD/YYYY ...`), then its level
  ;; and logger: `LEVEL logger: message`;
  ;; loguru's ` | LEVEL | name:function:line - message`; else the first level word in the 160
  ;; bytes after the time, with at most one word before it (its logger) or, after it, ` - name - `,
  ;; `[name]` or `name: `; else a message at INFO. Written at out as `<asctime> - Worker <rank> -
  ;; <logger> - <LEVEL> - <message>` (as RankLineWriter.line writes it), its time in $otherTime.
  ;; Returns the end, or 0 for a line it leaves to the caller: a time that does not exist or is
  ;; a leap second, one the format's lookahead takes only after backtracking,
  ;; ours (` - Worker `), a logger with white space in it (which loggerName changes).
  (func $timestamped (param $p i32) (param $nl i32) (param $out i32) (param $rank i32) (param $untagged i32) (result i32)
    (local $q i32) (local $k i32) (local $c i32) (local $n i32) (local $time f64)
    (local $r i32) (local $h i32) (local $i i32) (local $level i32) (local $e i32)
    (local $bs i32) (local $be i32) (local $words i32) (local $in i32) (local $m i32) (local $us i32) (local $wide i32) (local $dayLen i32)
    (global.set $otherTime (f64.const nan))
    (local.set $q (i32.add (local.get $p) (i32.eq (i32.load8_u (local.get $p)) (i32.const 91))))
    ;; A date day first (`04-Dec-26 `, `04.12.2026 `: $dayFirst) takes no zone, as one month first.
    (local.set $dayLen (call $dayFirst (local.get $q) (local.get $nl) (local.get $out)))
    (if (local.get $dayLen)
      (then (local.set $q (i32.add (local.get $q) (local.get $dayLen))))
      (else
    (if (i32.lt_s (i32.sub (local.get $nl) (local.get $q)) (i32.const 19)) (then (return (i32.const 0))))
    ;; The date and the clock, as an asctime (its shape checked by $asctime): a space for "T",
    ;; then the fraction's first three digits (zeros for those it lacks). A date month first
    ;; (`MM/DD/YYYY`, MONTH_FIRST_TIME: Hugging Face's examples) is read when LEADING_TIME does
    ;; not read the line, and takes no zone.
    (local.set $c (i32.load8_u offset=10 (local.get $q)))
    (if (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 84)))) (then (return (i32.const 0))))
    (local.set $us (i32.and (i32.eq (i32.load8_u offset=2 (local.get $q)) (i32.const 47)) (i32.eq (i32.load8_u offset=5 (local.get $q)) (i32.const 47))))
    (memory.copy (local.get $out) (local.get $q) (i32.const 19))
    ;; A date with slashes, year first (`2026/12/04`: MMEngine's): written as ISO's.
    (if (i32.and (i32.eq (i32.load8_u offset=4 (local.get $q)) (i32.const 47)) (i32.eq (i32.load8_u offset=7 (local.get $q)) (i32.const 47)))
      (then
        (i32.store8 offset=4 (local.get $out) (i32.const 45))
        (i32.store8 offset=7 (local.get $out) (i32.const 45))))
    (if (local.get $us)
      (then
        (memory.copy (local.get $out) (i32.add (local.get $q) (i32.const 6)) (i32.const 4))
        (i32.store8 offset=4 (local.get $out) (i32.const 45))
        (i32.store16 offset=5 (local.get $out) (i32.load16_u (local.get $q)))
        (i32.store8 offset=7 (local.get $out) (i32.const 45))
        (i32.store16 offset=8 (local.get $out) (i32.load16_u offset=3 (local.get $q)))))
    (i32.store8 offset=10 (local.get $out) (i32.const 32))
    (local.set $q (i32.add (local.get $q) (i32.const 19)))))
    (i32.store offset=19 (local.get $out) (i32.const 0x3030302c))
    (if (i32.lt_u (i32.add (local.get $q) (i32.const 1)) (local.get $nl))
      (then
        (local.set $c (i32.load8_u (local.get $q)))
        (if (i32.and (i32.or (i32.eq (local.get $c) (i32.const 46)) (i32.eq (local.get $c) (i32.const 44)))
                     (call $digit (i32.add (local.get $q) (i32.const 1))))
          (then
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (block $end (loop $digits
              (br_if $end (i32.ge_u (local.get $q) (local.get $nl)))
              (br_if $end (i32.eqz (call $digit (local.get $q))))
              (if (i32.lt_u (local.get $n) (i32.const 3))
                (then (i32.store8 offset=20 (i32.add (local.get $out) (local.get $n)) (i32.load8_u (local.get $q)))))
              (local.set $n (i32.add (local.get $n) (i32.const 1)))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br $digits)))
            (if (i32.gt_u (local.get $n) (i32.const 9)) (then (return (i32.const 0))))))))
    ;; "Z", or an offset `+HH:MM` / `-HHMM` (none after a date month first or day first).
    (if (i32.and (i32.eqz (i32.or (local.get $us) (local.get $dayLen))) (i32.lt_u (local.get $q) (local.get $nl)))
      (then
        (local.set $c (i32.load8_u (local.get $q)))
        (if (i32.eq (local.get $c) (i32.const 90))
          (then (local.set $q (i32.add (local.get $q) (i32.const 1))))
          (else
            (local.set $k (call $offsetEnd (local.get $q) (local.get $nl)))
            (if (local.get $k)
              (then (local.set $q (local.get $k)))
              (else
                ;; After a space (`%Y-%m-%d %H:%M:%S %z`, `... %Z`): an offset, `UTC` or `GMT`, read
                ;; where what follows it may follow a time.
                (if (i32.and (i32.eq (local.get $c) (i32.const 32)) (i32.lt_u (i32.add (local.get $q) (i32.const 1)) (local.get $nl)))
                  (then
                    (local.set $k (call $offsetEnd (i32.add (local.get $q) (i32.const 1)) (local.get $nl)))
                    (if (i32.and (i32.eqz (local.get $k)) (i32.le_u (i32.add (local.get $q) (i32.const 4)) (local.get $nl)))
                      (then
                        (local.set $m (i32.and (i32.load (local.get $q)) (i32.const 0xffffff00)))
                        (if (i32.or (i32.eq (local.get $m) (i32.const 0x43545500)) (i32.eq (local.get $m) (i32.const 0x544d4700)))
                          (then (local.set $k (i32.add (local.get $q) (i32.const 4)))))))
                    ;; A zone's name (`CET`: the string path reads it when a level follows): the caller's.
                    (if (i32.and (i32.eqz (local.get $k)) (call $zoneName (i32.add (local.get $q) (i32.const 1)) (local.get $nl))) (then (return (i32.const 0))))
                    ;; (The byte after it read only before nl.)
                    (if (local.get $k)
                      (then
                        (if (i32.ge_u (local.get $k) (local.get $nl))
                          (then (local.set $q (local.get $k)))
                          (else (if (call $endsTime (i32.load8_u (local.get $k))) (then (local.set $q (local.get $k))))))))))))))))
    (if (i32.and (i32.lt_u (local.get $q) (local.get $nl)) (i32.eq (i32.load8_u (local.get $q)) (i32.const 93)))
      (then (local.set $q (i32.add (local.get $q) (i32.const 1)))))
    ;; What the time must be followed by: the end, white space, "]", "|", ":" or "-".
    (if (i32.lt_u (local.get $q) (local.get $nl))
      (then
        (local.set $c (i32.load8_u (local.get $q)))
        (if (i32.eqz (call $endsTime (local.get $c))) (then (return (i32.const 0))))))
    (local.set $time (call $asctime (local.get $out) (i32.add (local.get $out) (i32.const 23))))
    (if (f64.ne (local.get $time) (local.get $time)) (then (return (i32.const 0))))
    (call $timestampedRest (local.get $q) (local.get $nl) (local.get $out) (local.get $rank) (local.get $untagged) (local.get $time)))

  ;; What follows a line's time from r, as timestampedRest (timestampedLines.ts) reads it, the line's
  ;; asctime (of `time`) written at out already: its level, logger and message, written after
  ;; it. `untagged`: the level of a line without one (INFO, or a tag's); -1: such a line is the
  ;; caller's (a time of day without a level is no record). Returns the end, or 0.
  (func $timestampedRest (param $r i32) (param $nl i32) (param $out i32) (param $rank i32) (param $untagged i32) (param $time f64) (result i32)
    (local $k i32) (local $c i32) (local $h i32) (local $i i32) (local $level i32) (local $e i32)
    (local $bs i32) (local $be i32) (local $words i32) (local $in i32) (local $m i32) (local $wide i32) (local $sep i32)
    ;; Ours (` - Worker `): the caller's.
    (if (i32.and (i32.le_u (i32.add (local.get $r) (i32.const 10)) (local.get $nl))
                 (i32.and (i64.eq (i64.load (local.get $r)) (i64.const 0x656b726f57202d20)) (i32.eq (i32.load16_u offset=8 (local.get $r)) (i32.const 0x2072))))
      (then (return (i32.const 0))))
    ;; ` AM` or ` PM` after a clock of 12 hours (HALF_DAY of timestampedLines.ts, any case): the caller's.
    (if (i32.and (i32.le_u (i32.add (local.get $r) (i32.const 3)) (local.get $nl))
                 (i32.and (i32.eq (i32.load8_u (local.get $r)) (i32.const 32))
                          (i32.eq (i32.or (i32.load8_u offset=2 (local.get $r)) (i32.const 32)) (i32.const 109))))
      (then
        (local.set $c (i32.or (i32.load8_u offset=1 (local.get $r)) (i32.const 32)))
        (if (i32.or (i32.eq (local.get $c) (i32.const 97)) (i32.eq (local.get $c) (i32.const 112)))
          (then (return (i32.const 0))))))
    ;; TensorFlow's and XLA's C++ logging (TSL of timestampedLines.ts: `: E file.cc:290] ...`): the caller's.
    (if (i32.and (i32.le_u (i32.add (local.get $r) (i32.const 4)) (local.get $nl))
                 (i32.and (i32.eq (i32.load16_u (local.get $r)) (i32.const 0x203a)) (i32.eq (i32.load8_u offset=3 (local.get $r)) (i32.const 32))))
      (then
        (local.set $c (i32.load8_u offset=2 (local.get $r)))
        (if (i32.or (i32.or (i32.eq (local.get $c) (i32.const 73)) (i32.eq (local.get $c) (i32.const 87)))
                    (i32.or (i32.eq (local.get $c) (i32.const 69)) (i32.eq (local.get $c) (i32.const 70))))
          (then (return (i32.const 0))))))
    ;; structlog's ConsoleRenderer (STRUCTLOG of timestampedLines.ts): ` [`, a level in lower case,
    ;; spaces, `] `, the message; no logger.
    (if (i32.and (i32.le_u (i32.add (local.get $r) (i32.const 3)) (local.get $nl))
                 (i32.eq (i32.load16_u (local.get $r)) (i32.const 0x5b20)))
      (then
        (local.set $k (i32.add (local.get $r) (i32.const 2)))
        (local.set $level (call $structlogLevel (local.get $k)))
        (if (i32.ge_s (local.get $level) (i32.const 0))
          (then
            (local.set $k (i32.add (local.get $k) (i32.shr_u (local.get $level) (i32.const 8))))
            (block $end (loop $pad
              (br_if $end (i32.ge_u (local.get $k) (local.get $nl)))
              (br_if $end (i32.ne (i32.load8_u (local.get $k)) (i32.const 32)))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $pad)))
            (if (i32.and (i32.le_u (i32.add (local.get $k) (i32.const 2)) (local.get $nl)) (i32.eq (i32.load16_u (local.get $k)) (i32.const 0x205d)))
              (then
                (local.set $m (i32.add (local.get $k) (i32.const 2)))
                (if (i32.eqz (call $messageStart (local.get $m) (local.get $nl))) (then (return (i32.const 0))))
                (return (call $emit (local.get $out) (local.get $rank) (i32.const 176) (i32.const 187)
                  (i32.and (local.get $level) (i32.const 255)) (local.get $m) (local.get $nl) (local.get $time)))))))))
    ;; ` LEVEL logger: message`: a level word up to the next space, a logger of no space up to
    ;; the first ": " within 120 bytes.
    (if (i32.and (i32.lt_u (i32.add (local.get $r) (i32.const 1)) (local.get $nl)) (i32.eq (i32.load8_u (local.get $r)) (i32.const 32)))
      (then
        (local.set $k (i32.add (local.get $r) (i32.const 1)))
        (block $none (loop $find
          (br_if $none (i32.ge_u (local.get $k) (local.get $nl)))
          (br_if $none (i32.eq (i32.load8_u (local.get $k)) (i32.const 32)))
          (br_if $none (i32.gt_u (i32.sub (local.get $k) (local.get $r)) (i32.const 9)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $find)))
        (if (i32.and (i32.lt_u (local.get $k) (local.get $nl)) (i32.eq (i32.load8_u (local.get $k)) (i32.const 32)))
          (then
            (local.set $level (call $levelName (i32.add (local.get $r) (i32.const 1)) (local.get $k)))
            (if (i32.ge_s (local.get $level) (i32.const 0))
              (then
                (local.set $i (i32.add (local.get $k) (i32.const 1)))
                ;; (Beyond ASCII, 120 characters may be more bytes, and a logger of them is the
                ;; caller's: a ": " after such bytes, with no space before it, is.)
                (block $no (loop $colon
                  (br_if $no (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $nl)))
                  (br_if $no (i32.and (i32.eqz (local.get $wide)) (i32.gt_u (i32.sub (local.get $i) (local.get $k)) (i32.const 120))))
                  (local.set $c (i32.load8_u (local.get $i)))
                  (br_if $no (i32.eq (local.get $c) (i32.const 32)))
                  (if (i32.ge_u (local.get $c) (i32.const 128)) (then (local.set $wide (i32.const 1))))
                  (if (i32.and (i32.eq (local.get $c) (i32.const 58)) (i32.eq (i32.load8_u offset=1 (local.get $i)) (i32.const 32)))
                    (then
                      (if (local.get $wide) (then (return (i32.const 0))))
                      (br_if $no (i32.eq (local.get $i) (i32.add (local.get $k) (i32.const 1))))
                      (if (call $hasWhite (i32.add (local.get $k) (i32.const 1)) (local.get $i)) (then (return (i32.const 0))))
                      (return (call $emit (local.get $out) (local.get $rank) (i32.add (local.get $k) (i32.const 1)) (local.get $i)
                        (local.get $level) (i32.add (local.get $i) (i32.const 2)) (local.get $nl) (local.get $time)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $colon)))))))))
    ;; loguru's ` | LEVEL    | name:function:line - message`.
    (if (i32.and (i32.le_u (i32.add (local.get $r) (i32.const 3)) (local.get $nl))
                 (i32.eq (i32.and (i32.load (local.get $r)) (i32.const 0xFFFFFF)) (i32.const 0x207c20)))
      (then
        (local.set $i (i32.add (local.get $r) (i32.const 3)))
        (local.set $level (call $loguruLevel (local.get $i)))
        (if (i32.ge_s (local.get $level) (i32.const 0))
          (then
            (local.set $k (i32.add (local.get $i) (i32.shr_u (local.get $level) (i32.const 8))))
            (block $end (loop $pad
              (br_if $end (i32.ge_u (local.get $k) (local.get $nl)))
              (br_if $end (i32.ne (i32.load8_u (local.get $k)) (i32.const 32)))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $pad)))
            (if (i32.and (i32.le_u (i32.add (local.get $k) (i32.const 2)) (local.get $nl)) (i32.eq (i32.load16_u (local.get $k)) (i32.const 0x207c)))
              (then
                ;; The name: no white space nor "|", ending in ":" and 1-7 digits, 1-200 bytes before them.
                (local.set $bs (i32.add (local.get $k) (i32.const 2)))
                (local.set $be (local.get $bs))
                (local.set $e (i32.const 0))
                (block $end (loop $name
                  (br_if $end (i32.ge_u (local.get $be) (local.get $nl)))
                  (br_if $end (i32.gt_u (i32.sub (local.get $be) (local.get $bs)) (i32.const 210)))
                  (local.set $c (i32.load8_u (local.get $be)))
                  (br_if $end (i32.or (call $white (local.get $c)) (i32.eq (local.get $c) (i32.const 124))))
                  (if (i32.ge_u (local.get $c) (i32.const 128)) (then (return (i32.const 0))))
                  (if (i32.eq (local.get $c) (i32.const 58)) (then (local.set $e (local.get $be))))
                  (local.set $be (i32.add (local.get $be) (i32.const 1)))
                  (br $name)))
                (if (i32.and (i32.and (i32.gt_u (local.get $e) (local.get $bs)) (i32.le_u (i32.sub (local.get $e) (local.get $bs)) (i32.const 200)))
                             (i32.and (i32.ge_u (i32.sub (local.get $be) (local.get $e)) (i32.const 2)) (i32.le_u (i32.sub (local.get $be) (local.get $e)) (i32.const 8))))
                  (then
                    (local.set $k (i32.add (local.get $e) (i32.const 1)))
                    (block $end (loop $digits
                      (br_if $end (i32.ge_u (local.get $k) (local.get $be)))
                      (br_if $end (i32.eqz (call $digit (local.get $k))))
                      (local.set $k (i32.add (local.get $k) (i32.const 1)))
                      (br $digits)))
                    (if (i32.and (i32.eq (local.get $k) (local.get $be))
                                 (i32.and (i32.le_u (i32.add (local.get $be) (i32.const 3)) (local.get $nl))
                                          (i32.eq (i32.and (i32.load (local.get $be)) (i32.const 0xFFFFFF)) (i32.const 0x202d20))))
                      (then
                        (return (call $emit (local.get $out) (local.get $rank) (local.get $bs) (local.get $be)
                          (i32.and (local.get $level) (i32.const 255)) (i32.add (local.get $be) (i32.const 3)) (local.get $nl) (local.get $time)))))))))))))
    ;; The first level word in the 160 bytes after the time.
    (local.set $h (select (i32.add (local.get $r) (i32.const 160)) (local.get $nl) (i32.lt_u (i32.add (local.get $r) (i32.const 160)) (local.get $nl))))
    (local.set $i (local.get $r))
    (local.set $level (i32.const -1))
    (block $found (loop $scan
      (br_if $found (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $h)))
      (if (i32.or (i32.eq (local.get $i) (local.get $r)) (i32.eqz (call $wordByte (i32.load8_u (i32.sub (local.get $i) (i32.const 1))))))
        (then
          (local.set $level (call $levelAt (local.get $i) (local.get $h)))
          (br_if $found (i32.ge_s (local.get $level) (i32.const 0)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $scan)))
    ;; The head the format looks in is of ASCII up to the level word's end (or all of it: then its
    ;; 160 characters are as many bytes).
    (if (i32.lt_u (global.get $high)
          (select (i32.add (local.get $i) (i32.shr_u (local.get $level) (i32.const 8))) (local.get $h) (i32.ge_s (local.get $level) (i32.const 0))))
      (then (return (i32.const 0))))
    ;; What comes before it, without separators at either end: at most one word (two, with white
    ;; space between them, are the caller's; more: no level, a message). `name[pid]` is a word.
    (if (i32.ge_s (local.get $level) (i32.const 0))
      (then
        (local.set $bs (local.get $r))
        (local.set $be (local.get $i))
        (block $end (loop $lead
          (br_if $end (i32.ge_u (local.get $bs) (local.get $be)))
          (br_if $end (i32.eqz (call $beforeSeparator (i32.load8_u (local.get $bs)))))
          (local.set $bs (i32.add (local.get $bs) (i32.const 1)))
          (br $lead)))
        (block $end (loop $trail
          (br_if $end (i32.ge_u (local.get $bs) (local.get $be)))
          (br_if $end (i32.eqz (call $beforeSeparator (i32.load8_u (i32.sub (local.get $be) (i32.const 1))))))
          (local.set $be (i32.sub (local.get $be) (i32.const 1)))
          (br $trail)))
        (local.set $k (local.get $bs))
        (block $end (loop $count
          (br_if $end (i32.ge_u (local.get $k) (local.get $be)))
          (local.set $c (i32.load8_u (local.get $k)))
          (if (call $white (local.get $c))
            (then (local.set $in (i32.const 0)))
            (else
              (if (i32.eqz (local.get $in)) (then (local.set $words (i32.add (local.get $words) (i32.const 1)))))
              (local.set $in (i32.const 1))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $count)))
        (if (i32.eq (local.get $words) (i32.const 2)) (then (return (i32.const 0))))
        (if (i32.gt_u (local.get $words) (i32.const 2)) (then (local.set $level (i32.const -1))))))
    (if (i32.lt_s (local.get $level) (i32.const 0))
      (then
        (if (i32.lt_s (local.get $untagged) (i32.const 0)) (then (return (i32.const 0))))
        ;; A message at INFO (or the tag's level), without the separators before it.
        (local.set $m (call $skipSeparators (local.get $r) (local.get $nl)))
        (if (i32.eqz (call $messageStart (local.get $m) (local.get $nl))) (then (return (i32.const 0))))
        (return (call $emit (local.get $out) (local.get $rank) (i32.const 176) (i32.const 187) (local.get $untagged) (local.get $m) (local.get $nl) (local.get $time)))))
    (local.set $e (i32.add (local.get $i) (i32.shr_u (local.get $level) (i32.const 8))))
    (local.set $level (i32.and (local.get $level) (i32.const 255)))
    (if (i32.eq (local.get $bs) (local.get $be))
      (then
        ;; ` - name - ` right after the level (Hugging Face's examples), ` | name | ` (fairseq's).
        (local.set $sep (i32.and (i32.load (local.get $e)) (i32.const 0xFFFFFF)))
        (if (i32.and (i32.le_u (i32.add (local.get $e) (i32.const 3)) (local.get $nl))
                     (i32.or (i32.eq (local.get $sep) (i32.const 0x202d20)) (i32.eq (local.get $sep) (i32.const 0x207c20))))
          (then
            (local.set $m (i32.add (local.get $e) (i32.const 3)))
            (local.set $k (call $nameRun (local.get $m) (local.get $nl)))
            (if (i32.and (i32.ne (local.get $k) (local.get $m))
                         (i32.and (i32.le_u (i32.add (local.get $k) (i32.const 3)) (local.get $nl))
                                  (i32.eq (i32.and (i32.load (local.get $k)) (i32.const 0xFFFFFF)) (local.get $sep))))
              (then
                (return (call $emit (local.get $out) (local.get $rank) (local.get $m) (local.get $k) (local.get $level)
                  (i32.add (local.get $k) (i32.const 3)) (local.get $nl) (local.get $time)))))))))
    (local.set $m (call $afterLevel (local.get $e) (local.get $nl)))
    (if (i32.eqz (call $messageStart (local.get $m) (local.get $nl))) (then (return (i32.const 0))))
    ;; The word before the level is the logger.
    (if (i32.ne (local.get $bs) (local.get $be))
      (then (return (call $emit (local.get $out) (local.get $rank) (local.get $bs) (local.get $be) (local.get $level) (local.get $m) (local.get $nl) (local.get $time)))))
    ;; `[name]`, then separators.
    (if (i32.and (i32.lt_u (local.get $m) (local.get $nl)) (i32.eq (i32.load8_u (local.get $m)) (i32.const 91)))
      (then
        (local.set $k (i32.add (local.get $m) (i32.const 1)))
        (block $end (loop $name
          (br_if $end (i32.ge_u (local.get $k) (local.get $nl)))
          (br_if $end (i32.eq (i32.load8_u (local.get $k)) (i32.const 93)))
          (br_if $end (i32.gt_u (i32.sub (local.get $k) (local.get $m)) (i32.const 121)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $name)))
        (if (i32.and (i32.and (i32.lt_u (local.get $k) (local.get $nl)) (i32.eq (i32.load8_u (local.get $k)) (i32.const 93)))
                     (i32.and (i32.gt_u (local.get $k) (i32.add (local.get $m) (i32.const 1))) (i32.le_u (i32.sub (local.get $k) (local.get $m)) (i32.const 121))))
          (then
            (if (i32.or (call $hasWhite (i32.add (local.get $m) (i32.const 1)) (local.get $k)) (i32.le_u (global.get $high) (local.get $k)))
              (then (return (i32.const 0))))
            (local.set $i (call $skipSeparators (i32.add (local.get $k) (i32.const 1)) (local.get $nl)))
            (if (i32.eqz (call $messageStart (local.get $i) (local.get $nl))) (then (return (i32.const 0))))
            (return (call $emit (local.get $out) (local.get $rank) (i32.add (local.get $m) (i32.const 1)) (local.get $k) (local.get $level)
              (local.get $i) (local.get $nl) (local.get $time)))))
        (return (call $emit (local.get $out) (local.get $rank) (i32.const 176) (i32.const 187) (local.get $level) (local.get $m) (local.get $nl) (local.get $time)))))
    ;; `name: `, then white space.
    (local.set $k (call $nameRun (local.get $m) (local.get $nl)))
    (if (i32.and (i32.ne (local.get $k) (local.get $m))
                 (i32.and (i32.lt_u (i32.add (local.get $k) (i32.const 1)) (local.get $nl)) (i32.eq (i32.load8_u (local.get $k)) (i32.const 58))))
      (then
        ;; (A space of Unicode's after the colon: the caller's.)
        (if (call $unicodeSpace (i32.add (local.get $k) (i32.const 1)) (local.get $nl)) (then (return (i32.const 0))))))
    (if (i32.and (i32.ne (local.get $k) (local.get $m))
                 (i32.and (i32.lt_u (i32.add (local.get $k) (i32.const 1)) (local.get $nl))
                          (i32.and (i32.eq (i32.load8_u (local.get $k)) (i32.const 58)) (call $white (i32.load8_u offset=1 (local.get $k))))))
      (then
        (local.set $i (i32.add (local.get $k) (i32.const 1)))
        (block $end (loop $blank
          (br_if $end (i32.ge_u (local.get $i) (local.get $nl)))
          (br_if $end (i32.eqz (call $white (i32.load8_u (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $blank)))
        (if (i32.eqz (call $messageStart (local.get $i) (local.get $nl))) (then (return (i32.const 0))))
        (return (call $emit (local.get $out) (local.get $rank) (local.get $m) (local.get $k) (local.get $level) (local.get $i) (local.get $nl) (local.get $time)))))
    (call $emit (local.get $out) (local.get $rank) (i32.const 176) (i32.const 187) (local.get $level) (local.get $m) (local.get $nl) (local.get $time)))

  ;; The time of the rank's last record with one (NaN: none), for $timeOfDay: set by demux.
  (global $near (mut f64) (f64.const nan))

  ;; Writes the asctime of naive ms t (`YYYY-MM-DD HH:MM:SS,mmm`, as asctimeOf in importLines.ts) at out.
  (func $writeAsctime (param $out i32) (param $t f64)
    (local $days i32) (local $ms i32) (local $z i32) (local $era i32) (local $doe i32) (local $yoe i32)
    (local $y i32) (local $doy i32) (local $mp i32) (local $d i32) (local $m i32) (local $s i32)
    (local.set $days (i32.trunc_f64_s (f64.floor (f64.div (local.get $t) (f64.const 86400000)))))
    (local.set $ms (i32.trunc_f64_s (f64.sub (local.get $t) (f64.mul (f64.convert_i32_s (local.get $days)) (f64.const 86400000)))))
    ;; The civil date of a count of days since 1970-01-01 (days from civil, inverted).
    (local.set $z (i32.add (local.get $days) (i32.const 719468)))
    (local.set $era (i32.div_s (local.get $z) (i32.const 146097)))
    (local.set $doe (i32.sub (local.get $z) (i32.mul (local.get $era) (i32.const 146097))))
    (local.set $yoe (i32.div_s (i32.sub (i32.add (i32.sub (local.get $doe) (i32.div_s (local.get $doe) (i32.const 1460)))
                                                  (i32.div_s (local.get $doe) (i32.const 36524)))
                                         (i32.div_s (local.get $doe) (i32.const 146096)))
                               (i32.const 365)))
    (local.set $y (i32.add (local.get $yoe) (i32.mul (local.get $era) (i32.const 400))))
    (local.set $doy (i32.sub (local.get $doe)
      (i32.sub (i32.add (i32.mul (i32.const 365) (local.get $yoe)) (i32.div_s (local.get $yoe) (i32.const 4))) (i32.div_s (local.get $yoe) (i32.const 100)))))
    (local.set $mp (i32.div_s (i32.add (i32.mul (i32.const 5) (local.get $doy)) (i32.const 2)) (i32.const 153)))
    (local.set $d (i32.add (i32.sub (local.get $doy) (i32.div_s (i32.add (i32.mul (i32.const 153) (local.get $mp)) (i32.const 2)) (i32.const 5))) (i32.const 1)))
    (local.set $m (select (i32.add (local.get $mp) (i32.const 3)) (i32.sub (local.get $mp) (i32.const 9)) (i32.lt_s (local.get $mp) (i32.const 10))))
    (if (i32.le_s (local.get $m) (i32.const 2)) (then (local.set $y (i32.add (local.get $y) (i32.const 1)))))
    (i32.store8 (local.get $out) (i32.add (i32.const 48) (i32.div_u (local.get $y) (i32.const 1000))))
    (i32.store8 offset=1 (local.get $out) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $y) (i32.const 100)) (i32.const 10))))
    (call $writeTwo (i32.add (local.get $out) (i32.const 2)) (i32.rem_u (local.get $y) (i32.const 100)))
    (i32.store8 offset=4 (local.get $out) (i32.const 45))
    (call $writeTwo (i32.add (local.get $out) (i32.const 5)) (local.get $m))
    (i32.store8 offset=7 (local.get $out) (i32.const 45))
    (call $writeTwo (i32.add (local.get $out) (i32.const 8)) (local.get $d))
    (i32.store8 offset=10 (local.get $out) (i32.const 32))
    (local.set $s (i32.div_u (local.get $ms) (i32.const 1000)))
    (call $writeTwo (i32.add (local.get $out) (i32.const 11)) (i32.div_u (local.get $s) (i32.const 3600)))
    (i32.store8 offset=13 (local.get $out) (i32.const 58))
    (call $writeTwo (i32.add (local.get $out) (i32.const 14)) (i32.rem_u (i32.div_u (local.get $s) (i32.const 60)) (i32.const 60)))
    (i32.store8 offset=16 (local.get $out) (i32.const 58))
    (call $writeTwo (i32.add (local.get $out) (i32.const 17)) (i32.rem_u (local.get $s) (i32.const 60)))
    (i32.store8 offset=19 (local.get $out) (i32.const 44))
    (local.set $ms (i32.rem_u (local.get $ms) (i32.const 1000)))
    (i32.store8 offset=20 (local.get $out) (i32.add (i32.const 48) (i32.div_u (local.get $ms) (i32.const 100))))
    (call $writeTwo (i32.add (local.get $out) (i32.const 21)) (i32.rem_u (local.get $ms) (i32.const 100))))

  ;; Two decimal digits of n (0-99) at p.
  (func $writeTwo (param $p i32) (param $n i32)
    (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.div_u (local.get $n) (i32.const 10))))
    (i32.store8 offset=1 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10)))))

  ;; A time without a date from p (TIME_OF_DAY of timestampedLines.ts: `HH:MM:SS`, maybe in brackets,
  ;; a fraction of 1-9 digits after "." or ","), then white space and a level (timeOfDayLine):
  ;; dated by the rank's last time ($near) as withDay dates it, written as $timestamped writes a
  ;; dated line. Returns the end, or 0 for a line it leaves to the caller (no time before it in
  ;; the rank, a time that does not exist or is a leap second, no level).
  (func $timeOfDay (param $p i32) (param $nl i32) (param $out i32) (param $rank i32) (result i32)
    (local $q i32) (local $h i32) (local $mi i32) (local $s i32) (local $ms i32) (local $n i32) (local $c i32)
    (local $t f64) (local $near f64)
    (global.set $otherTime (f64.const nan))
    (local.set $near (global.get $near))
    (if (f64.ne (local.get $near) (local.get $near)) (then (return (i32.const 0))))
    (local.set $q (i32.add (local.get $p) (i32.eq (i32.load8_u (local.get $p)) (i32.const 91))))
    (if (i32.gt_u (i32.add (local.get $q) (i32.const 9)) (local.get $nl)) (then (return (i32.const 0))))
    (if (i32.eqz (i32.and
          (i32.and (i32.and (call $digit (local.get $q)) (call $digit (i32.add (local.get $q) (i32.const 1))))
                   (i32.and (call $digit (i32.add (local.get $q) (i32.const 3))) (call $digit (i32.add (local.get $q) (i32.const 4)))))
          (i32.and (i32.and (call $digit (i32.add (local.get $q) (i32.const 6))) (call $digit (i32.add (local.get $q) (i32.const 7))))
                   (i32.and (i32.eq (i32.load8_u offset=2 (local.get $q)) (i32.const 58)) (i32.eq (i32.load8_u offset=5 (local.get $q)) (i32.const 58))))))
      (then (return (i32.const 0))))
    (local.set $h (call $two (local.get $q)))
    (local.set $mi (call $two (i32.add (local.get $q) (i32.const 3))))
    (local.set $s (call $two (i32.add (local.get $q) (i32.const 6))))
    (if (i32.or (i32.gt_u (local.get $h) (i32.const 23)) (i32.or (i32.gt_u (local.get $mi) (i32.const 59)) (i32.gt_u (local.get $s) (i32.const 59))))
      (then (return (i32.const 0))))
    (local.set $q (i32.add (local.get $q) (i32.const 8)))
    ;; The fraction's first three digits (zeros for those it lacks).
    (local.set $c (i32.load8_u (local.get $q)))
    (if (i32.and (i32.or (i32.eq (local.get $c) (i32.const 46)) (i32.eq (local.get $c) (i32.const 44)))
                 (i32.and (i32.lt_u (i32.add (local.get $q) (i32.const 1)) (local.get $nl)) (call $digit (i32.add (local.get $q) (i32.const 1)))))
      (then
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (block $end (loop $digits
          (br_if $end (i32.ge_u (local.get $q) (local.get $nl)))
          (br_if $end (i32.eqz (call $digit (local.get $q))))
          (if (i32.lt_u (local.get $n) (i32.const 3))
            (then (local.set $ms (i32.add (i32.mul (local.get $ms) (i32.const 10)) (i32.sub (i32.load8_u (local.get $q)) (i32.const 48))))))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br $digits)))
        (if (i32.gt_u (local.get $n) (i32.const 9)) (then (return (i32.const 0))))
        (if (i32.eq (local.get $n) (i32.const 1)) (then (local.set $ms (i32.mul (local.get $ms) (i32.const 100)))))
        (if (i32.eq (local.get $n) (i32.const 2)) (then (local.set $ms (i32.mul (local.get $ms) (i32.const 10)))))))
    (if (i32.and (i32.lt_u (local.get $q) (local.get $nl)) (i32.eq (i32.load8_u (local.get $q)) (i32.const 93)))
      (then (local.set $q (i32.add (local.get $q) (i32.const 1)))))
    ;; Then white space (of ASCII: another is the caller's).
    (if (i32.ge_u (local.get $q) (local.get $nl)) (then (return (i32.const 0))))
    (if (i32.eqz (call $white (i32.load8_u (local.get $q)))) (then (return (i32.const 0))))
    ;; On the day that puts it nearest the rank's last time.
    (local.set $t (f64.add
      (f64.sub (local.get $near) (f64.sub (local.get $near) (f64.mul (f64.floor (f64.div (local.get $near) (f64.const 86400000))) (f64.const 86400000))))
      (f64.convert_i32_s (i32.add (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $h) (i32.const 60)) (local.get $mi)) (i32.const 60)) (local.get $s)) (i32.const 1000)) (local.get $ms)))))
    (if (f64.lt (local.get $t) (f64.sub (local.get $near) (f64.const 43200000)))
      (then (local.set $t (f64.add (local.get $t) (f64.const 86400000))))
      (else (if (f64.gt (local.get $t) (f64.add (local.get $near) (f64.const 43200000)))
        (then (local.set $t (f64.sub (local.get $t) (f64.const 86400000)))))))
    ;; (A year of other than four digits, after a hostile date before it: the caller's.)
    (if (i32.or (f64.ge (local.get $t) (f64.const 253402300800000)) (f64.lt (local.get $t) (f64.const -30610224000000)))
      (then (return (i32.const 0))))
    (call $writeAsctime (local.get $out) (local.get $t))
    (call $timestampedRest (local.get $q) (local.get $nl) (local.get $out) (local.get $rank) (i32.const -1) (local.get $t)))

  ;; A short tag in brackets before a date (TAG_BEFORE_TIME: `[titan] 2026-12-02 ...`, a letter
  ;; then at most 31 letters, digits, "_", "." or "-"), from its "[" at p: the line after it as
  ;; $timestamped reads it, at the tag's level when the tag is a level's name (any case) and the
  ;; line has none. Returns the end, or 0 for a line it leaves to the caller.
  (func $tagged (param $p i32) (param $nl i32) (param $out i32) (param $rank i32) (result i32)
    (local $q i32) (local $c i32) (local $n i32) (local $level i32)
    (local.set $q (i32.add (local.get $p) (i32.const 1)))
    (block $end (loop $tag
      (br_if $end (i32.ge_u (local.get $q) (local.get $nl)))
      (local.set $c (i32.load8_u (local.get $q)))
      (br_if $end (i32.eqz (call $tagByte (local.get $c))))
      ;; (upper-cased at 2048, for the level's name)
      (i32.store8 offset=2048 (local.get $n)
        (select (i32.sub (local.get $c) (i32.const 32)) (local.get $c) (i32.le_u (i32.sub (local.get $c) (i32.const 97)) (i32.const 25))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br_if $end (i32.gt_u (local.get $n) (i32.const 32)))
      (br $tag)))
    (if (i32.gt_u (local.get $n) (i32.const 32)) (then (return (i32.const 0))))
    ;; "] ", then a date, maybe in brackets: four digits, "-", two, "-", two, a space or "T", two, ":".
    (if (i32.gt_u (i32.add (local.get $q) (i32.const 2)) (local.get $nl)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load16_u (local.get $q)) (i32.const 0x205d)) (then (return (i32.const 0))))
    (local.set $q (i32.add (local.get $q) (i32.const 2)))
    (local.set $c (i32.add (local.get $q) (i32.and (i32.lt_u (local.get $q) (local.get $nl)) (i32.eq (i32.load8_u (local.get $q)) (i32.const 91)))))
    (if (i32.gt_u (i32.add (local.get $c) (i32.const 14)) (local.get $nl)) (then (return (i32.const 0))))
    (if (i32.eqz (i32.and (i32.and (i32.and (call $digit (local.get $c)) (call $digit (i32.add (local.get $c) (i32.const 1))))
                                   (i32.and (call $digit (i32.add (local.get $c) (i32.const 2))) (call $digit (i32.add (local.get $c) (i32.const 3)))))
                          (i32.eq (i32.load8_u offset=4 (local.get $c)) (i32.const 45))))
      (then (return (i32.const 0))))
    (if (i32.eqz (i32.and (i32.and (call $digit (i32.add (local.get $c) (i32.const 5))) (call $digit (i32.add (local.get $c) (i32.const 6))))
                          (i32.and (call $digit (i32.add (local.get $c) (i32.const 8))) (call $digit (i32.add (local.get $c) (i32.const 9))))))
      (then (return (i32.const 0))))
    (if (i32.eqz (i32.and (i32.and (i32.eq (i32.load8_u offset=7 (local.get $c)) (i32.const 45))
                                   (i32.or (i32.eq (i32.load8_u offset=10 (local.get $c)) (i32.const 32)) (i32.eq (i32.load8_u offset=10 (local.get $c)) (i32.const 84))))
                          (i32.and (i32.and (call $digit (i32.add (local.get $c) (i32.const 11))) (call $digit (i32.add (local.get $c) (i32.const 12))))
                                   (i32.eq (i32.load8_u offset=13 (local.get $c)) (i32.const 58)))))
      (then (return (i32.const 0))))
    ;; The tag's level, when it names one (the level word alone, upper-cased).
    (local.set $level (call $levelName (i32.const 2048) (i32.add (i32.const 2048) (local.get $n))))
    (local.set $level (select (local.get $level) (i32.const 0) (i32.ge_s (local.get $level) (i32.const 0))))
    (call $timestamped (local.get $q) (local.get $nl) (local.get $out) (local.get $rank) (local.get $level)))

  ;; structlog's level word in lower case at i (debug, info, warning, warn, error, exception,
  ;; critical, fatal): its length << 8 | its level, numbered as $levelPart's; -1 for none.
  (func $structlogLevel (param $i i32) (result i32)
    (local $w i64)
    (local.set $w (i64.load (local.get $i)))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFF)) (i64.const 0x6775626564)) (then (return (i32.const 0x503))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFF)) (i64.const 0x6f666e69)) (then (return (i32.const 0x400))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFFFFFF)) (i64.const 0x676e696e726177)) (then (return (i32.const 0x701))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFF)) (i64.const 0x6e726177)) (then (return (i32.const 0x401))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFF)) (i64.const 0x726f727265)) (then (return (i32.const 0x502))))
    (if (i32.and (i64.eq (local.get $w) (i64.const 0x6f69747065637865)) (i32.eq (i32.load8_u offset=8 (local.get $i)) (i32.const 0x6e)))
      (then (return (i32.const 0x902))))
    (if (i64.eq (local.get $w) (i64.const 0x6c61636974697263)) (then (return (i32.const 0x804))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFF)) (i64.const 0x6c61746166)) (then (return (i32.const 0x504))))
    (i32.const -1))

  ;; loguru's level word at i (TRACE, DEBUG, INFO, SUCCESS, WARNING, ERROR, CRITICAL): level |
  ;; length << 8 as $levelWord's (TRACE as DEBUG, SUCCESS as INFO), or -1.
  (func $loguruLevel (param $i i32) (result i32)
    (local $w i64)
    (local.set $w (i64.load (local.get $i)))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFF)) (i64.const 0x4543415254)) (then (return (i32.const 0x503))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFF)) (i64.const 0x4755424544)) (then (return (i32.const 0x503))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFF)) (i64.const 0x4f464e49)) (then (return (i32.const 0x400))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFFFFFF)) (i64.const 0x53534543435553)) (then (return (i32.const 0x700))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFFFFFF)) (i64.const 0x474e494e524157)) (then (return (i32.const 0x701))))
    (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFF)) (i64.const 0x524f525245)) (then (return (i32.const 0x502))))
    (if (i64.eq (local.get $w) (i64.const 0x4c41434954495243)) (then (return (i32.const 0x804))))
    (i32.const -1))

  ;; A line that is not a Python record nor indented, under no traceback: glog; DeepSpeed's or
  ;; Hydra's (starting with "["); ours without a time; Python's default format (an upper-case
  ;; letter); and, starting with a lower-case letter, a brace or a closing bracket (which no
  ;; other built-in format reads), NCCL or a print (a record
  ;; of the stream `output`, unless it may be a Python warning). Written at out; returns the
  ;; end, or 0 for a line it leaves to the caller. Its time, if any, is in $otherTime.
  (func $other (param $rest i32) (param $nl i32) (param $out i32) (param $rank i32) (param $year i32) (param $prints i32) (result i32)
    (local $first i32) (local $p i32) (local $end i32) (local $q i32)
    (global.set $otherTime (f64.const nan))
    (local.set $first (i32.load8_u (local.get $rest)))
    (local.set $p (i32.add (local.get $rest) (i32.eq (local.get $first) (i32.const 91))))
    (if (i32.lt_u (local.get $p) (local.get $nl))
      (then
        (local.set $end (call $glog (local.get $p) (local.get $nl) (local.get $out) (local.get $rank) (local.get $year)))
        (if (local.get $end) (then (return (local.get $end))))))
    ;; Ours without a time (kept as it is); DeepSpeed's logger; Python's default format (an
    ;; upper-case letter).
    (if (i32.and (i32.eq (local.get $first) (i32.const 87)) (call $ours (local.get $rest) (local.get $nl)))
      (then (return (call $copy (local.get $out) (local.get $rest) (local.get $nl)))))
    (if (i32.eq (local.get $first) (i32.const 91))
      (then
        ;; `[<time>] ` and rich's level column (`[12/04/26 03:05:13] INFO     ...`): the caller's.
        (local.set $q (i32.add (local.get $rest) (i32.const 6)))
        (block $bracket (loop $close
          (br_if $bracket (i32.ge_u (i32.add (local.get $q) (i32.const 1)) (local.get $nl)))
          (br_if $bracket (i32.gt_u (local.get $q) (i32.add (local.get $rest) (i32.const 40))))
          (if (i32.eq (i32.load16_u (local.get $q)) (i32.const 0x205d))
            (then
              (if (call $richLevel (i32.add (local.get $q) (i32.const 2)) (local.get $nl)) (then (return (i32.const 0))))
              (br $bracket)))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br $close)))
        (local.set $end (call $deepspeed (local.get $rest) (local.get $nl) (local.get $out) (local.get $rank)))
        (if (local.get $end) (then (return (local.get $end))))
        (local.set $end (call $hydra (local.get $rest) (local.get $nl) (local.get $out) (local.get $rank)))
        (if (local.get $end) (then (return (local.get $end))))
        ;; `[<tag>] <time> ...` (torchtitan's `[titan] `): the timestamped format's.
        (if (i32.le_u (i32.sub (i32.or (i32.load8_u offset=1 (local.get $rest)) (i32.const 32)) (i32.const 97)) (i32.const 25))
          (then (return (call $tagged (local.get $rest) (local.get $nl) (local.get $out) (local.get $rank)))))
        ;; `[HH:MM:SS] LEVEL ...` (rich's): a time of day.
        (if (i32.and (i32.lt_u (i32.add (local.get $rest) (i32.const 3)) (local.get $nl)) (i32.eq (i32.load8_u offset=3 (local.get $rest)) (i32.const 58)))
          (then (return (call $timeOfDay (local.get $rest) (local.get $nl) (local.get $out) (local.get $rank)))))
        ;; `[MM/DD HH:MM:SS name]: ` (detectron2's).
        (local.set $end (call $detectron2 (local.get $rest) (local.get $nl) (local.get $out) (local.get $rank) (local.get $year) (i32.const 0)))
        (if (local.get $end) (then (return (local.get $end))))
        ;; `[<time>] ...`, read by the timestamped format when DeepSpeed's and torch elastic's do not.
        (if (i32.or (i32.eqz (call $digit (i32.add (local.get $rest) (i32.const 1)))) (call $bracketFormat (local.get $rest) (local.get $nl)))
          (then (return (i32.const 0))))
        (return (call $timestamped (local.get $rest) (local.get $nl) (local.get $out) (local.get $rank) (i32.const 0)))))
    (if (i32.le_u (i32.sub (local.get $first) (i32.const 65)) (i32.const 25))
      (then
        (local.set $end (call $python (local.get $rest) (local.get $nl) (local.get $out) (local.get $rank)))
        (if (local.get $end) (then (return (local.get $end))))
        ;; `WARNING [`, `ERROR [` or `CRITICAL [`, then detectron2's time and name.
        (local.set $q (call $levelWord (local.get $rest) (local.get $nl) (i32.const 32)))
        (if (i32.or (i32.lt_s (local.get $q) (i32.const 0)) (i32.eqz (i32.and (i32.const 0x16) (i32.shl (i32.const 1) (i32.and (local.get $q) (i32.const 255))))))
          (then (return (i32.const 0))))
        (return (call $detectron2 (i32.add (i32.add (local.get $rest) (i32.shr_u (local.get $q) (i32.const 8))) (i32.const 1)) (local.get $nl) (local.get $out) (local.get $rank) (local.get $year)
          (i32.and (local.get $q) (i32.const 255))))))
    ;; A lower-case letter, or a brace or a closing bracket (`}` ending a printed config): no
    ;; built-in format but NCCL's (a host) starts so. A digit (not a date's, see $dateLike): none
    ;; (NCCL's is not read from a digit).
    (if (i32.and (i32.and (i32.gt_u (i32.sub (local.get $first) (i32.const 97)) (i32.const 25))
                          (i32.gt_u (i32.sub (local.get $first) (i32.const 48)) (i32.const 9)))
                 (i32.eqz (i32.or (i32.or (i32.eq (local.get $first) (i32.const 123)) (i32.eq (local.get $first) (i32.const 125)))
                                  (i32.or (i32.eq (local.get $first) (i32.const 41)) (i32.eq (local.get $first) (i32.const 93))))))
      (then (return (i32.const 0))))
    ;; `{"`: maybe a record logged as JSON (lineFormats.ts's `json`): the caller's.
    (if (i32.and (i32.eq (local.get $first) (i32.const 123)) (i32.eq (i32.load8_u offset=1 (local.get $rest)) (i32.const 34)))
      (then (return (i32.const 0))))
    (if (i32.gt_u (i32.sub (local.get $first) (i32.const 48)) (i32.const 9))
      (then
        (local.set $end (call $nccl (local.get $rest) (local.get $nl) (local.get $out) (local.get $rank)))
        (if (local.get $end) (then (return (local.get $end))))))
    ;; C++'s `terminate called ...` (an abort) and the frames of c10's backtrace (`frame #0: ...`,
    ;; lines of the record before): the caller's. (A newline stops either match inside a line.)
    (if (i64.eq (i64.and (i64.load (local.get $rest)) (i64.const 0xFFFFFFFFFFFFFF)) (i64.const 0x2320656d617266))
      (then (return (i32.const 0))))
    (if (i32.and (i64.eq (i64.load (local.get $rest)) (i64.const 0x74616e696d726574)) (i64.eq (i64.load offset=8 (local.get $rest)) (i64.const 0x64656c6c61632065)))
      (then (return (i32.const 0))))
    ;; `slurmstepd: error: *** STEP ... CANCELLED ...` under task 0's label: Slurm's word, the caller's.
    (if (i64.eq (i64.load (local.get $rest)) (i64.const 0x6574736d72756c73))
      (then (return (i32.const 0))))
    ;; A print is a record of its writer's stream: `output` here (Open MPI's writers are named
    ;; after their streams, which the lane does not hold).
    (if (i32.eqz (local.get $prints)) (then (return (i32.const 0))))
    ;; "Warning: " may make it a warning (`file.py:12: UserWarning: ...`): the caller's.
    (local.set $q (local.get $rest))
    (block $none (loop $scan
      (br_if $none (i32.gt_u (i32.add (local.get $q) (i32.const 9)) (local.get $nl)))
      (if (i32.and (i64.eq (i64.load (local.get $q)) (i64.const 0x3a676e696e726157)) (i32.eq (i32.load8_u offset=8 (local.get $q)) (i32.const 32)))
        (then (return (i32.const 0))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $scan)))
    ;; `Worker <rank> - output - INFO - <line>`
    (local.set $out (call $worker (local.get $out) (local.get $rank)))
    (i64.store (local.get $out) (i64.const 0x74757074756f))
    (local.set $out (call $levelPart (i32.add (local.get $out) (i32.const 6)) (i32.const 0)))
    (call $copy (local.get $out) (local.get $rest) (local.get $nl)))

  ;; srun's label at p (before nl), `srun -l`'s ` {0,6}(\d{1,7}): ` (right-aligned for wider task
  ;; numbers): its task number << 4 | its length in bytes; -1 for none.
  (func $srunLabel (param $p i32) (param $nl i32) (result i32)
    (local $i i32) (local $digits i32) (local $n i32) (local $c i32)
    (local.set $i (local.get $p))
    (block $spaces (loop $space
      (br_if $spaces (i32.ne (i32.load8_u (local.get $i)) (i32.const 32)))
      (br_if $spaces (i32.ge_u (i32.sub (local.get $i) (local.get $p)) (i32.const 6)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $space)))
    (local.set $digits (local.get $i))
    (block $number (loop $digit
      (br_if $number (i32.ge_u (local.get $i) (local.get $nl)))
      (br_if $number (i32.ge_u (i32.sub (local.get $i) (local.get $digits)) (i32.const 7)))
      (local.set $c (i32.sub (i32.load8_u (local.get $i)) (i32.const 48)))
      (br_if $number (i32.gt_u (local.get $c) (i32.const 9)))
      (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10)) (local.get $c)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $digit)))
    (if (i32.or (i32.eq (local.get $i) (local.get $digits)) (i32.ne (i32.load16_u (local.get $i)) (i32.const 0x203a)))
      (then (return (i32.const -1))))
    (i32.or (i32.shl (local.get $n) (i32.const 4)) (i32.sub (i32.add (local.get $i) (i32.const 2)) (local.get $p))))

  ;; A terminal's colour code `\x1b[` [0-9;]{0,12} `m` at i (before nl): where it ends, i when there is none.
  (func $colourAt (param $i i32) (param $nl i32) (result i32)
    (local $k i32) (local $c i32)
    (if (i32.ne (i32.load16_u (local.get $i)) (i32.const 0x5b1b)) (then (return (local.get $i))))
    (local.set $k (i32.add (local.get $i) (i32.const 2)))
    (block $end (loop $byte
      (br_if $end (i32.ge_u (local.get $k) (local.get $nl)))
      (br_if $end (i32.ge_u (i32.sub (local.get $k) (local.get $i)) (i32.const 14)))
      (local.set $c (i32.load8_u (local.get $k)))
      (br_if $end (i32.and (i32.gt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)) (i32.ne (local.get $c) (i32.const 59))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $byte)))
    (select (i32.add (local.get $k) (i32.const 1)) (local.get $i)
      (i32.and (i32.lt_u (local.get $k) (local.get $nl)) (i32.eq (i32.load8_u (local.get $k)) (i32.const 109)))))

  ;; Where a run of at most `max` digits from i ends (i when there is none).
  (func $digitsEnd (param $i i32) (param $nl i32) (param $max i32) (result i32)
    (local $s i32)
    (local.set $s (local.get $i))
    (block $end (loop $digit
      (br_if $end (i32.ge_u (local.get $i) (local.get $nl)))
      (br_if $end (i32.ge_u (i32.sub (local.get $i) (local.get $s)) (local.get $max)))
      (br_if $end (i32.gt_u (i32.sub (i32.load8_u (local.get $i)) (i32.const 48)) (i32.const 9)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $digit)))
    (local.get $i))

  ;; Where an address of at most 45 of [0-9A-Fa-f.:] from i ends (i when there is none).
  (func $addressEnd (param $i i32) (param $nl i32) (result i32)
    (local $s i32) (local $c i32)
    (local.set $s (local.get $i))
    (block $end (loop $byte
      (br_if $end (i32.ge_u (local.get $i) (local.get $nl)))
      (br_if $end (i32.ge_u (i32.sub (local.get $i) (local.get $s)) (i32.const 45)))
      (local.set $c (i32.load8_u (local.get $i)))
      ;; 0-9 and `:` (48-58), a-f and A-F, `.`
      (br_if $end (i32.eqz (i32.or (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10))
        (i32.or (i32.le_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 5)) (i32.eq (local.get $c) (i32.const 46))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $byte)))
    (local.get $i))

  ;; SkyPilot's prefix of a job of one node from i, after its `(` (rankPrefixes.ts's SKYPILOT_TASK):
  ;; the task's name (a letter or digit, then at most 62 of letters, digits, `.`, `_`, `-`),
  ;; `, pid=<1-10 digits>`. Where its `)` is, or -1.
  (func $skypilotTask (param $i i32) (param $nl i32) (result i32)
    (local $s i32) (local $c i32)
    (local.set $s (local.get $i))
    (local.set $c (i32.load8_u (local.get $i)))
    (if (i32.and (i32.gt_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 25))
                 (i32.gt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)))
      (then (return (i32.const -1))))
    (block $end (loop $name
      (br_if $end (i32.ge_u (local.get $i) (local.get $nl)))
      (br_if $end (i32.eqz (call $tagByte (i32.load8_u (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $name)))
    (if (i32.gt_u (i32.sub (local.get $i) (local.get $s)) (i32.const 63)) (then (return (i32.const -1))))
    ;; ", pid="
    (if (i32.or (i32.ne (i32.load (local.get $i)) (i32.const 0x6970202c)) (i32.ne (i32.load16_u offset=4 (local.get $i)) (i32.const 0x3d64)))
      (then (return (i32.const -1))))
    (local.set $s (i32.add (local.get $i) (i32.const 6)))
    (local.set $i (call $digitsEnd (local.get $s) (local.get $nl) (i32.const 10)))
    (if (i32.or (i32.eq (local.get $i) (local.get $s)) (i32.ne (i32.load8_u (local.get $i)) (i32.const 41))) (then (return (i32.const -1))))
    (local.get $i))

  ;; SkyPilot's prefix at p (rankPrefixes.ts's SKYPILOT): a colour maybe, `(head` or `(worker<1-6
  ;; digits>`, `, rank=<1-6 digits>, `, `pid=<digits>` with `, ip=<address>` or not, or
  ;; `ip=<address>, pid=<digits>`, `)`, a colour maybe, a space maybe; or, of a job of one node,
  ;; its task's `(<name>, pid=<digits>)` (`$skypilotTask`), node 0. Its rank shifted by 8 and
  ;; its length (at most 126), or -1.
  (func $skypilotLabel (param $p i32) (param $nl i32) (result i32)
    (local $i i32) (local $s i32) (local $n i32)
    (local.set $i (call $colourAt (local.get $p) (local.get $nl)))
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 40)) (then (return (i32.const -1))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (local.set $s (call $skypilotTask (local.get $i) (local.get $nl)))
    (if (i32.ge_s (local.get $s) (i32.const 0))
      (then (return (call $skypilotEnd (local.get $p) (local.get $s) (local.get $nl) (i32.const 0)))))
    (if (i32.eq (i32.load (local.get $i)) (i32.const 0x64616568)) ;; "head"
      (then (local.set $i (i32.add (local.get $i) (i32.const 4))))
      (else
        ;; "worker" and its number
        (if (i32.or (i32.ne (i32.load (local.get $i)) (i32.const 0x6b726f77)) (i32.ne (i32.load16_u offset=4 (local.get $i)) (i32.const 0x7265)))
          (then (return (i32.const -1))))
        (local.set $s (i32.add (local.get $i) (i32.const 6)))
        (local.set $i (call $digitsEnd (local.get $s) (local.get $nl) (i32.const 6)))
        (if (i32.eq (local.get $i) (local.get $s)) (then (return (i32.const -1))))))
    ;; ", rank="
    (if (i32.or (i32.ne (i32.load (local.get $i)) (i32.const 0x6172202c)) (i32.ne (i32.and (i32.load offset=4 (local.get $i)) (i32.const 0xFFFFFF)) (i32.const 0x3d6b6e)))
      (then (return (i32.const -1))))
    (local.set $s (i32.add (local.get $i) (i32.const 7)))
    (local.set $i (call $digitsEnd (local.get $s) (local.get $nl) (i32.const 6)))
    (if (i32.eq (local.get $i) (local.get $s)) (then (return (i32.const -1))))
    (block $number (loop $digit
      (br_if $number (i32.ge_u (local.get $s) (local.get $i)))
      (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10)) (i32.sub (i32.load8_u (local.get $s)) (i32.const 48))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $digit)))
    (if (i32.ne (i32.load16_u (local.get $i)) (i32.const 0x202c)) (then (return (i32.const -1)))) ;; ", "
    (local.set $i (i32.add (local.get $i) (i32.const 2)))
    (if (i32.eq (i32.load (local.get $i)) (i32.const 0x3d646970)) ;; "pid="
      (then
        (local.set $s (i32.add (local.get $i) (i32.const 4)))
        (local.set $i (call $digitsEnd (local.get $s) (local.get $nl) (i32.const 10)))
        (if (i32.eq (local.get $i) (local.get $s)) (then (return (i32.const -1))))
        ;; ", ip=<address>" maybe
        (if (i32.and (i32.eq (i32.load (local.get $i)) (i32.const 0x7069202c)) (i32.eq (i32.load8_u offset=4 (local.get $i)) (i32.const 61)))
          (then
            (local.set $s (i32.add (local.get $i) (i32.const 5)))
            (local.set $i (call $addressEnd (local.get $s) (local.get $nl)))
            (if (i32.eq (local.get $i) (local.get $s)) (then (return (i32.const -1)))))))
      (else
        ;; "ip=<address>, pid=<digits>"
        (if (i32.ne (i32.and (i32.load (local.get $i)) (i32.const 0xFFFFFF)) (i32.const 0x3d7069)) (then (return (i32.const -1))))
        (local.set $s (i32.add (local.get $i) (i32.const 3)))
        (local.set $i (call $addressEnd (local.get $s) (local.get $nl)))
        (if (i32.eq (local.get $i) (local.get $s)) (then (return (i32.const -1))))
        (if (i32.or (i32.ne (i32.load (local.get $i)) (i32.const 0x6970202c)) (i32.ne (i32.load16_u offset=4 (local.get $i)) (i32.const 0x3d64)))
          (then (return (i32.const -1))))
        (local.set $s (i32.add (local.get $i) (i32.const 6)))
        (local.set $i (call $digitsEnd (local.get $s) (local.get $nl) (i32.const 10)))
        (if (i32.eq (local.get $i) (local.get $s)) (then (return (i32.const -1))))))
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 41)) (then (return (i32.const -1))))
    (call $skypilotEnd (local.get $p) (local.get $i) (local.get $nl) (local.get $n)))

  ;; The end of SkyPilot's prefix from p whose `)` is at i: a colour maybe, a space maybe; node n
  ;; shifted by 8 and the prefix's length.
  (func $skypilotEnd (param $p i32) (param $i i32) (param $nl i32) (param $n i32) (result i32)
    (local.set $i (call $colourAt (i32.add (local.get $i) (i32.const 1)) (local.get $nl)))
    (if (i32.and (i32.lt_u (local.get $i) (local.get $nl)) (i32.eq (i32.load8_u (local.get $i)) (i32.const 32)))
      (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
    (i32.or (i32.shl (local.get $n) (i32.const 8)) (i32.sub (local.get $i) (local.get $p))))

  ;; The rank of pdsh's host [s, e) in the caller's table (see the memory, at 139264), or -1.
  (func $hostRank (param $s i32) (param $e i32) (result i32)
    (local $h i32) (local $q i32) (local $slot i32) (local $name i32) (local $n i32)
    (local.set $h (i32.const 0x811c9dc5))
    (local.set $q (local.get $s))
    (block $end (loop $hash
      (br_if $end (i32.ge_u (local.get $q) (local.get $e)))
      (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_u (local.get $q))) (i32.const 0x01000193)))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $hash)))
    (local.set $n (i32.sub (local.get $e) (local.get $s)))
    (loop $probe
      (local.set $slot (i32.add (i32.const 139264) (i32.shl (i32.and (local.get $h) (i32.const 2047)) (i32.const 3))))
      (local.set $name (i32.load (local.get $slot)))
      (if (i32.eqz (local.get $name)) (then (return (i32.const -1))))
      (if (i32.eq (i32.load16_u offset=4 (local.get $slot)) (local.get $n))
        (then
          (local.set $q (i32.const 0))
          (block $differ
            (loop $byte
              (br_if $differ (i32.ge_u (local.get $q) (local.get $n)))
              (br_if $differ (i32.ne (i32.load8_u (i32.add (local.get $name) (local.get $q))) (i32.load8_u (i32.add (local.get $s) (local.get $q)))))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br $byte)))
          (if (i32.eq (local.get $q) (local.get $n)) (then (return (i32.load16_u offset=6 (local.get $slot)))))))
      (local.set $h (i32.add (local.get $h) (i32.const 1)))
      (br $probe))
    (i32.const -1))

  ;; A node's place among the nodes: srun's task's in the caller's table (memory at 256), else its number.
  (func $nodeSlot (param $node i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $node) (i32.load (i32.const 256)))
      (then (i32.load16_u offset=260 (i32.shl (local.get $node) (i32.const 1))))
      (else (local.get $node))))

  ;; Takes lines from pos (absolute) while they are its to take (see the top); returns where it
  ;; stopped, the reason in the results. style: 1 torchrun, 2 srun, 3 Open MPI 5 (a space after
  ;; its tags), 4 Open MPI 4, 6 torchrun's tee labels inside srun's (`1: [default3]:`, the rank
  ;; node * `only` + local rank; a label of the rank alone, its own), 7 MPICH's and Intel MPI's
  ;; `[3] `, 8 pdsh's `host: ` (its rank in the caller's table of hosts), 9 SkyPilot's node
  ;; (`(worker1, rank=1, pid=2769, ip=...) `), 5 one rank's own file (no
  ;; label: every line is rank `only`'s, in the state and region of rank `only` mod 1024, which
  ;; the caller sets before and drains after each call; its lines follow each other in the file,
  ;; so the caller marks the line map, not the lane).
  ;; line and offset: the capture's line number and byte offset at pos, for the marks of the line
  ;; map.
  (func (export "demux") (param $pos i32) (param $end i32) (param $style i32) (param $line f64) (param $offset f64) (param $year i32) (param $only i32) (result i32)
    (local $nl i32) (local $i i32) (local $digits i32) (local $rank i32) (local $slot i32) (local $rest i32)
    (local $st i32) (local $flags i32) (local $first i32) (local $q i32) (local $c i32)
    (local $level i32) (local $levelLen i32) (local $wordLen i32) (local $w i64)
    (local $loggerStart i32) (local $loggerEnd i32) (local $need i32) (local $region i32)
    (local $out i32) (local $lines i32) (local $marks i32) (local $dirty i32) (local $reason i32)
    (local $time f64) (local $record i32) (local $outLines i32) (local $spaced i32) (local $lf i32) (local $ls i32) (local $node i32) (local $wide i64)
    (local.set $marks (i32.load offset=8 (i32.const 0)))
    (local.set $dirty (i32.load offset=12 (i32.const 0)))
    (block $stop
      (loop $next
        (local.set $reason (i32.const 0))
        (local.set $nl (call $newline (local.get $pos) (local.get $end)))
        (br_if $stop (i32.lt_s (local.get $nl) (i32.const 0)))
        ;; A line that ends with CRLF is read without its carriage return (RankLineWriter.line's
        ;; lastCarriageState drops it), but for a progress bar's (which reads it itself).
        (local.set $lf (local.get $nl))
        (if (i32.and (i32.gt_u (local.get $nl) (local.get $pos)) (i32.eq (i32.load8_u (i32.sub (local.get $nl) (i32.const 1))) (i32.const 13)))
          (then (local.set $nl (i32.sub (local.get $nl) (i32.const 1)))))
        (local.set $reason (i32.const 1))
        (local.set $spaced (i32.const 0))
        ;; The label: the rank, and where the line's text starts.
        (local.set $ls (local.get $style))
        (if (i32.eq (local.get $ls) (i32.const 5))
          (then
            (local.set $rank (local.get $only))
            (local.set $rest (local.get $pos)))
          (else (if (i32.or (i32.eq (local.get $ls) (i32.const 2)) (i32.eq (local.get $ls) (i32.const 9)))
          (then
            ;; srun's label, or SkyPilot's node (style 9): the rank and the label's length.
            (local.set $q (select (i32.const 8) (i32.const 4) (i32.eq (local.get $ls) (i32.const 9))))
            (local.set $c (if (result i32) (i32.eq (local.get $ls) (i32.const 9))
              (then (call $skypilotLabel (local.get $pos) (local.get $nl)))
              (else (call $srunLabel (local.get $pos) (local.get $nl)))))
            (br_if $stop (i32.lt_s (local.get $c) (i32.const 0)))
            (local.set $rank (i32.shr_u (local.get $c) (local.get $q)))
            (local.set $rest (i32.add (local.get $pos) (i32.and (local.get $c) (i32.sub (i32.shl (i32.const 1) (local.get $q)) (i32.const 1))))))
          (else (if (i32.eq (local.get $ls) (i32.const 8))
          (then
            ;; pdsh: a host of letters, digits, ".", "_" and "-" (at most 63, a letter or digit
            ;; first, a digit in it, not digits alone: those are srun's label), ": ", and its rank
            ;; in the table of hosts.
            (local.set $i (local.get $pos))
            (local.set $digits (i32.const 0))
            (local.set $node (i32.const 1))
            (local.set $c (i32.load8_u (local.get $i)))
            (br_if $stop (i32.and (i32.gt_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 25))
                                  (i32.gt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))))
            (block $end (loop $host
              (br_if $end (i32.ge_u (local.get $i) (local.get $nl)))
              (local.set $c (i32.load8_u (local.get $i)))
              (br_if $end (i32.eqz (call $tagByte (local.get $c))))
              (if (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))
                (then (local.set $digits (i32.add (local.get $digits) (i32.const 1))))
                (else (local.set $node (i32.const 0))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $stop (i32.gt_u (i32.sub (local.get $i) (local.get $pos)) (i32.const 63)))
              (br $host)))
            (br_if $stop (i32.eqz (local.get $digits)))
            (br_if $stop (i32.and (local.get $node) (i32.le_u (i32.sub (local.get $i) (local.get $pos)) (i32.const 7))))
            (br_if $stop (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $nl)))
            (br_if $stop (i32.ne (i32.load16_u (local.get $i)) (i32.const 0x203a)))
            (local.set $rank (call $hostRank (local.get $pos) (local.get $i)))
            (br_if $stop (i32.lt_s (local.get $rank) (i32.const 0)))
            (local.set $rest (i32.add (local.get $i) (i32.const 2))))
          (else
            (local.set $i (local.get $pos))
            ;; torchrun on each node under srun (style 6) or SkyPilot (style 10): srun's label or
            ;; SkyPilot's prefix (the node), then torchrun's (its local rank), read as style 1's.
            (if (i32.or (i32.eq (local.get $style) (i32.const 6)) (i32.eq (local.get $style) (i32.const 10)))
              (then
                (local.set $q (select (i32.const 8) (i32.const 4) (i32.eq (local.get $style) (i32.const 10))))
                (local.set $c (if (result i32) (i32.eq (local.get $style) (i32.const 10))
                  (then (call $skypilotLabel (local.get $pos) (local.get $nl)))
                  (else (call $srunLabel (local.get $pos) (local.get $nl)))))
                (br_if $stop (i32.lt_s (local.get $c) (i32.const 0)))
                (local.set $node (i32.shr_u (local.get $c) (local.get $q)))
                (local.set $i (i32.add (local.get $pos) (i32.and (local.get $c) (i32.sub (i32.shl (i32.const 1) (local.get $q)) (i32.const 1)))))
                (local.set $ls (i32.const 1))))
            (if (i32.eq (local.get $ls) (i32.const 1))
              (then
                (br_if $stop (i32.ne (i32.load8_u (local.get $i)) (i32.const 91)))
                (if (i64.eq (i64.and (i64.load (local.get $i)) (i64.const 0xFFFFFFFFFF)) (i64.const 0x6b6e61725b))
                  (then
                    (local.set $spaced (i32.eqz (i32.load offset=32 (i32.const 0))))
                    (local.set $i (i32.add (local.get $i) (i32.const 5))))
                  (else
                    (if (i64.eq (i64.and (i64.load offset=1 (local.get $i)) (i64.const 0xFFFFFFFFFFFFFF)) (i64.const 0x746c7561666564))
                      (then (local.set $i (i32.add (local.get $i) (i32.const 8))))
                      (else
                        ;; A role's label (`[trainer3]:`), or the rank alone (`[3]:`, torchrun's
                        ;; prefix template: memory at 40).
                        (if (i32.and (i32.load offset=40 (i32.const 0)) (call $digit (i32.add (local.get $i) (i32.const 1))))
                          (then (local.set $i (i32.add (local.get $i) (i32.const 1))))
                          (else
                            (local.set $c (call $roleAt (local.get $i)))
                            (br_if $stop (i32.eqz (local.get $c)))
                            (local.set $i (i32.add (local.get $i) (i32.add (local.get $c) (i32.const 1)))))))))))
              (else
                ;; Open MPI: `[<jobid>,` (1-9 digits), then the rank; horovodrun's `[<rank>]`
                ;; has no job: its digits are read again as the rank (MPICH's `[<rank>] ` too).
                (br_if $stop (i32.ne (i32.load8_u (local.get $i)) (i32.const 91)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (local.set $digits (local.get $i))
                (block $job (loop $jobDigit
                  (br_if $job (i32.ge_u (local.get $i) (local.get $nl)))
                  (br_if $job (i32.gt_u (i32.sub (i32.load8_u (local.get $i)) (i32.const 48)) (i32.const 9)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $jobDigit)))
                (br_if $stop (i32.or (i32.eq (local.get $i) (local.get $digits)) (i32.gt_u (i32.sub (local.get $i) (local.get $digits)) (i32.const 9))))
                (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 93))
                  (then (local.set $i (local.get $digits)))
                  (else
                    (br_if $stop (i32.eq (local.get $ls) (i32.const 7)))
                    (br_if $stop (i32.ne (i32.load8_u (local.get $i)) (i32.const 44)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))))))
            (local.set $digits (local.get $i))
            (local.set $rank (i32.const 0))
            (block $number (loop $digit
              (br_if $number (i32.ge_u (local.get $i) (local.get $nl)))
              (br_if $number (i32.ge_u (i32.sub (local.get $i) (local.get $digits)) (i32.const 7)))
              (local.set $c (i32.sub (i32.load8_u (local.get $i)) (i32.const 48)))
              (br_if $number (i32.gt_u (local.get $c) (i32.const 9)))
              (local.set $rank (i32.add (i32.mul (local.get $rank) (i32.const 10)) (local.get $c)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $digit)))
            (br_if $stop (i32.eq (local.get $i) (local.get $digits)))
            (br_if $stop (i32.le_u (i32.sub (i32.load8_u (local.get $i)) (i32.const 48)) (i32.const 9)))
            (if (i32.eq (local.get $ls) (i32.const 1))
              (then
                (br_if $stop (i32.ne (i32.load16_u (local.get $i)) (i32.const 0x3a5d))) ;; "]:"
                (local.set $rest (i32.add (local.get $i) (i32.const 2)))
                ;; `[rank3]: `: the space is the label's (PyTorch's own, see rankPrefixes.ts), but for
                ;; torchrun's tee label (memory at 32).
                (if (i32.and (local.get $spaced) (i32.and (i32.lt_u (local.get $rest) (local.get $nl)) (i32.eq (i32.load8_u (local.get $rest)) (i32.const 32))))
                  (then (local.set $rest (i32.add (local.get $rest) (i32.const 1))))))
              (else (if (i32.eq (local.get $ls) (i32.const 7))
              (then
                ;; MPICH's and Intel MPI's `[<rank>] `: its space is the prefix's.
                (br_if $stop (i32.ne (i32.load16_u (local.get $i)) (i32.const 0x205d)))
                (local.set $rest (i32.add (local.get $i) (i32.const 2))))
              (else
                ;; Open MPI: `]<stdout>:`, `]<stderr>:` or `]<stddiag>:`; in Open MPI 5 (style 3) a
                ;; space follows, which is the tag's.
                (br_if $stop (i32.ne (i32.load16_u (local.get $i)) (i32.const 0x3c5d)))
                (local.set $i (i32.add (local.get $i) (i32.const 2)))
                (if (i32.or (i64.eq (i64.load (local.get $i)) (i64.const 0x3a3e74756f647473)) (i64.eq (i64.load (local.get $i)) (i64.const 0x3a3e727265647473)))
                  (then (local.set $rest (i32.add (local.get $i) (i32.const 8))))
                  (else
                    (br_if $stop (i32.or (i64.ne (i64.load (local.get $i)) (i64.const 0x3e67616964647473)) (i32.ne (i32.load8_u offset=8 (local.get $i)) (i32.const 58))))
                    (local.set $rest (i32.add (local.get $i) (i32.const 9)))))
                (br_if $stop (i32.gt_u (local.get $rest) (local.get $nl)))
                (if (i32.and (i32.eq (local.get $ls) (i32.const 3)) (i32.and (i32.lt_u (local.get $rest) (local.get $nl)) (i32.eq (i32.load8_u (local.get $rest)) (i32.const 32))))
                  (then (local.set $rest (i32.add (local.get $rest) (i32.const 1)))))))))))))))
        ;; Under srun or SkyPilot, the rank is the node's first (its number times `only`, the ranks a node has) and the local one.
        ;; (In 64 bits: past the lane's ranks, it is the caller's.)
        (if (i32.or (i32.eq (local.get $style) (i32.const 6)) (i32.eq (local.get $style) (i32.const 10)))
          (then
            ;; (Labels of the rank alone, memory at 40, are global ranks.)
            (local.set $wide (select (i64.extend_i32_u (local.get $rank))
              (i64.add (i64.mul (i64.extend_i32_u (call $nodeSlot (local.get $node))) (i64.extend_i32_u (local.get $only))) (i64.extend_i32_u (local.get $rank)))
              (i32.load offset=40 (i32.const 0))))
            (br_if $stop (i64.ge_u (local.get $wide) (i64.const 1024)))
            (local.set $rank (i32.wrap_i64 (local.get $wide)))))
        ;; A line that starts with PyTorch's own `[rank3]:` is the caller's (importLines.ts takes it off).
        (br_if $stop (i64.eq (i64.and (i64.load (local.get $rest)) (i64.const 0xFFFFFFFFFF)) (i64.const 0x6b6e61725b)))
        ;; So is one that a traceback's head ends (after a bar's last state, a print left open).
        (br_if $stop (call $headEnds (local.get $rest) (local.get $nl)))
        ;; The rank's state and region: its own; a rank's own file's any rank's, as the caller
        ;; sets its state before each call and drains it after.
        (local.set $slot (select (i32.and (local.get $rank) (i32.const 1023)) (local.get $rank) (i32.eq (local.get $ls) (i32.const 5))))
        (br_if $stop (i32.ge_u (local.get $slot) (i32.const 1024)))
        (local.set $st (i32.add (i32.const 4096) (i32.shl (local.get $slot) (i32.const 5))))
        (local.set $flags (i32.load (local.get $st)))
        (global.set $near (f64.load offset=16 (local.get $st)))
        ;; Known, and no partial line of the rank waits.
        (br_if $stop (i32.ne (i32.and (local.get $flags) (i32.const 9)) (i32.const 1)))
        (local.set $region (i32.add (i32.const 5242880) (i32.shl (local.get $slot) (i32.const 15))))
        ;; Plain, and (torchrun, Open MPI) no other label in the line (a partial line: the caller's
        ;; to join); else maybe a progress bar, of a writer that names its prints `output` and
        ;; under no traceback.
        (local.set $c (select (i32.const 0) (select (i32.const 1) (i32.const 2) (i32.eq (local.get $ls) (i32.const 1)))
          (i32.or (i32.or (i32.eq (local.get $ls) (i32.const 2)) (i32.eq (local.get $ls) (i32.const 5)))
                  (i32.or (i32.or (i32.eq (local.get $ls) (i32.const 7)) (i32.eq (local.get $ls) (i32.const 8))) (i32.eq (local.get $ls) (i32.const 9))))))
        (if (i32.eqz (call $plain (local.get $rest) (local.get $nl) (local.get $c)))
          (then
            ;; A bar is a record of its own whatever came before it (RankLineWriter.line reads it
            ;; before a traceback's or a chain's state): only its stream's name must be `output`.
            (br_if $stop (i32.eqz (i32.and (local.get $flags) (i32.const 64))))
            (local.set $need (i32.add (i32.sub (local.get $nl) (local.get $rest)) (i32.const 64)))
            (br_if $stop (i32.gt_u (local.get $need) (i32.const 16384)))
            (local.set $reason (i32.const 2))
            (br_if $stop (i32.gt_u (i32.add (i32.load offset=4 (local.get $st)) (local.get $need)) (i32.const 32768)))
            (local.set $out (call $bar (local.get $rest) (local.get $lf)
              (i32.add (local.get $region) (i32.load offset=4 (local.get $st))) (local.get $rank) (local.get $c)))
            (local.set $reason (i32.const 1))
            (br_if $stop (i32.eqz (local.get $out)))
            (local.set $time (f64.const nan))
            (local.set $record (i32.const 1)))
          (else
        (local.set $first (i32.load8_u (local.get $rest)))
        (if (i32.and (i32.lt_u (local.get $rest) (local.get $nl))
                     (i32.or (i32.eq (local.get $first) (i32.const 32)) (i32.eq (local.get $first) (i32.const 9))))
          (then
            ;; An indented line, under a record: as it is; one whose text starts with `+` may
            ;; start an exception group's traceback (`  + Exception Group Traceback ...`), one
            ;; with a date, maybe in brackets, may be a record (Megatron-LM's ` [2026-12-02
            ;; 08:00:31] iteration ...`): the caller's. (A tqdm bar's first state, ` 25%|#  | 1/4`,
            ;; is the lane's.)
            (br_if $stop (i32.eqz (i32.and (local.get $flags) (i32.const 2))))
            (local.set $i (local.get $rest))
            (block $text
              (loop $blank
                (br_if $text (i32.ge_u (local.get $i) (local.get $nl)))
                (br_if $text (i32.and (i32.ne (i32.load8_u (local.get $i)) (i32.const 32)) (i32.ne (i32.load8_u (local.get $i)) (i32.const 9))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $blank)))
            (br_if $stop (i32.and (i32.lt_u (local.get $i) (local.get $nl))
              (i32.or (i32.eq (i32.load8_u (local.get $i)) (i32.const 43)) (call $dateAhead (local.get $i) (local.get $nl)))))
            ;; rich's logging handler's record of the same second as its last (its level column
            ;; where its time was): the caller's.
            (br_if $stop (call $richLevel (local.get $i) (local.get $nl)))
            (local.set $need (i32.add (i32.sub (local.get $nl) (local.get $rest)) (i32.const 1)))
            (br_if $stop (i32.gt_u (local.get $need) (i32.const 16384)))
            (local.set $reason (i32.const 2))
            (br_if $stop (i32.gt_u (i32.add (i32.load offset=4 (local.get $st)) (local.get $need)) (i32.const 32768)))
            (local.set $out (i32.add (local.get $region) (i32.load offset=4 (local.get $st))))
            (memory.copy (local.get $out) (local.get $rest) (i32.sub (local.get $nl) (local.get $rest)))
            (local.set $out (i32.add (local.get $out) (i32.sub (local.get $nl) (local.get $rest))))
            (local.set $record (i32.const 0)))
          (else (if (i32.or (i32.gt_u (i32.sub (local.get $first) (i32.const 48)) (i32.const 9))
                            (i32.eqz (call $dateLike (local.get $rest) (local.get $nl))))
          (then
            ;; Under a traceback, a line that is neither indented nor empty ends it (its exception,
            ;; `ValueError: boom`, after which a chained traceback may follow; or, after an exception
            ;; group's, the next line of the rank): the caller's, as is an empty line. After its
            ;; exception (a chain open: flag 128), such a line may go on with its message, or be
            ;; the chain's sentence: the caller's too; a record of the common shape ends it (below).
            (if (i32.and (local.get $flags) (i32.const 132))
              (then (br $stop))
              (else
            ;; Another format (glog, NCCL), or a print; of ASCII only.
            (br_if $stop (i32.lt_u (global.get $high) (local.get $nl)))
            (local.set $need (i32.add (i32.sub (local.get $nl) (local.get $rest)) (i32.const 64)))
            (br_if $stop (i32.gt_u (local.get $need) (i32.const 16384)))
            (local.set $reason (i32.const 2))
            (br_if $stop (i32.gt_u (i32.add (i32.load offset=4 (local.get $st)) (local.get $need)) (i32.const 32768)))
            (local.set $out (call $other (local.get $rest) (local.get $nl)
              (i32.add (local.get $region) (i32.load offset=4 (local.get $st))) (local.get $rank) (local.get $year)
              (i32.and (local.get $flags) (i32.const 64))))
            (local.set $reason (i32.const 1))
            (br_if $stop (i32.eqz (local.get $out)))
            (local.set $time (global.get $otherTime))
            (local.set $record (i32.const 1)))))
          (else
            ;; A record: `YYYY-MM-DD HH:MM:SS,mmm LEVEL logger: message`.
            (br_if $stop (i32.and (local.get $flags) (i32.const 4)))
            (local.set $out (i32.const 0))
            ;; Its usual shapes here; any other reading of the timestamped format below (a time of day too).
            (block $common
            (br_if $common (i32.eq (i32.load8_u offset=2 (local.get $rest)) (i32.const 58)))
            (br_if $common (i32.lt_s (i32.sub (local.get $nl) (local.get $rest)) (i32.const 27)))
            (br_if $common (i32.ne (i32.load8_u offset=23 (local.get $rest)) (i32.const 32)))
            (if (i32.eq (i32.load8_u offset=24 (local.get $rest)) (i32.const 45))
              (then
                ;; `<asctime> - ...`: ours, or the cookbook's format.
                (local.set $need (i32.add (i32.sub (local.get $nl) (local.get $rest)) (i32.const 64)))
                (br_if $stop (i32.gt_u (local.get $need) (i32.const 16384)))
                (local.set $reason (i32.const 2))
                (br_if $stop (i32.gt_u (i32.add (i32.load offset=4 (local.get $st)) (local.get $need)) (i32.const 32768)))
                (local.set $out (call $dashed (local.get $rest) (local.get $nl)
                  (i32.add (local.get $region) (i32.load offset=4 (local.get $st))) (local.get $rank)))
                (local.set $reason (i32.const 1))
                (local.set $time (global.get $otherTime)))
              (else
            (local.set $time (call $asctime (local.get $rest) (local.get $nl)))
            (br_if $common (f64.ne (local.get $time) (local.get $time)))
            ;; The level word and its space.
            (local.set $w (i64.load offset=24 (local.get $rest)))
            (local.set $level (i32.const -1))
            (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFF)) (i64.const 0x204f464e49))
              (then (local.set $level (i32.const 0)) (local.set $wordLen (i32.const 5))))
            (if (i64.eq (local.get $w) (i64.const 0x20474e494e524157))
              (then (local.set $level (i32.const 1)) (local.set $wordLen (i32.const 8))))
            (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFFFF)) (i64.const 0x20524f525245))
              (then (local.set $level (i32.const 2)) (local.set $wordLen (i32.const 6))))
            (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFFFF)) (i64.const 0x204755424544))
              (then (local.set $level (i32.const 3)) (local.set $wordLen (i32.const 6))))
            (if (i32.and (i64.eq (local.get $w) (i64.const 0x4c41434954495243)) (i32.eq (i32.load8_u offset=32 (local.get $rest)) (i32.const 32)))
              (then (local.set $level (i32.const 4)) (local.set $wordLen (i32.const 9))))
            (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFF)) (i64.const 0x204e524157))
              (then (local.set $level (i32.const 1)) (local.set $wordLen (i32.const 5))))
            (if (i64.eq (i64.and (local.get $w) (i64.const 0xFFFFFFFFFFFF)) (i64.const 0x204c41544146))
              (then (local.set $level (i32.const 4)) (local.set $wordLen (i32.const 6))))
            (br_if $common (i32.lt_s (local.get $level) (i32.const 0)))
            ;; The logger: no space or tab, at most 119 bytes, then ": ".
            (local.set $loggerStart (i32.add (i32.add (local.get $rest) (i32.const 24)) (local.get $wordLen)))
            (local.set $q (local.get $loggerStart))
            (local.set $loggerEnd (i32.const 0))
            (block $found (loop $logger
              (br_if $common (i32.ge_u (local.get $q) (i32.sub (local.get $nl) (i32.const 1))))
              (br_if $common (i32.ge_u (i32.sub (local.get $q) (local.get $loggerStart)) (i32.const 119)))
              (local.set $c (i32.load8_u (local.get $q)))
              (br_if $common (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9))))
              (if (i32.and (i32.eq (local.get $c) (i32.const 58)) (i32.eq (i32.load8_u offset=1 (local.get $q)) (i32.const 32)))
                (then
                  (br_if $common (i32.eq (local.get $q) (local.get $loggerStart)))
                  (local.set $loggerEnd (local.get $q))
                  (br $found)))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br $logger)))
            ;; Its level and logger of ASCII (its message is copied as it is).
            (br_if $common (i32.lt_u (global.get $high) (i32.add (local.get $loggerEnd) (i32.const 2))))
            ;; asctime (23) + " - Worker " (10) + rank (<= 4) + " - " (3) + logger + level part (<= 14) + message.
            (local.set $levelLen (i32.load8_u (i32.add (i32.const 160) (local.get $level))))
            (local.set $need (i32.add (i32.add (i32.sub (local.get $loggerEnd) (local.get $loggerStart)) (i32.sub (local.get $nl) (i32.add (local.get $loggerEnd) (i32.const 2))))
                                      (i32.const 55)))
            (br_if $stop (i32.gt_u (local.get $need) (i32.const 16384)))
            (local.set $reason (i32.const 2))
            (br_if $stop (i32.gt_u (i32.add (i32.load offset=4 (local.get $st)) (local.get $need)) (i32.const 32768)))
            (local.set $out (i32.add (local.get $region) (i32.load offset=4 (local.get $st))))
            (memory.copy (local.get $out) (local.get $rest) (i32.const 23))
            ;; " - Worker "
            (i64.store offset=23 (local.get $out) (i64.const 0x656b726f57202d20))
            (i32.store16 offset=31 (local.get $out) (i32.const 0x2072))
            (local.set $out (call $decimal (i32.add (local.get $out) (i32.const 33)) (local.get $rank)))
            (i32.store16 (local.get $out) (i32.const 0x2d20))
            (i32.store8 offset=2 (local.get $out) (i32.const 32))
            (local.set $out (i32.add (local.get $out) (i32.const 3)))
            (memory.copy (local.get $out) (local.get $loggerStart) (i32.sub (local.get $loggerEnd) (local.get $loggerStart)))
            (local.set $out (i32.add (local.get $out) (i32.sub (local.get $loggerEnd) (local.get $loggerStart))))
            (memory.copy (local.get $out) (i32.add (i32.const 64) (i32.shl (local.get $level) (i32.const 4))) (local.get $levelLen))
            (local.set $out (i32.add (local.get $out) (local.get $levelLen)))
            (memory.copy (local.get $out) (i32.add (local.get $loggerEnd) (i32.const 2)) (i32.sub (local.get $nl) (i32.add (local.get $loggerEnd) (i32.const 2))))
            (local.set $out (i32.add (local.get $out) (i32.sub (local.get $nl) (i32.add (local.get $loggerEnd) (i32.const 2))))))))
            (if (i32.eqz (local.get $out))
              (then
                ;; Another reading of the timestamped format: an ISO time, a level in brackets, loguru's...
                (local.set $need (i32.add (i32.sub (local.get $nl) (local.get $rest)) (i32.const 64)))
                (br_if $stop (i32.gt_u (local.get $need) (i32.const 16384)))
                (local.set $reason (i32.const 2))
                (br_if $stop (i32.gt_u (i32.add (i32.load offset=4 (local.get $st)) (local.get $need)) (i32.const 32768)))
                (local.set $out (if (result i32) (i32.eq (i32.load8_u offset=2 (local.get $rest)) (i32.const 58))
                  (then (call $timeOfDay (local.get $rest) (local.get $nl) (i32.add (local.get $region) (i32.load offset=4 (local.get $st))) (local.get $rank)))
                  (else (call $timestamped (local.get $rest) (local.get $nl)
                    (i32.add (local.get $region) (i32.load offset=4 (local.get $st))) (local.get $rank) (i32.const 0)))))
                (local.set $reason (i32.const 1))
                (br_if $stop (i32.eqz (local.get $out)))
                (local.set $time (global.get $otherTime))))
            (local.set $record (i32.const 1))))))))
        ;; A record at or after the caller's time (its job's next run may start there): the caller's.
        (if (i32.and (local.get $record) (f64.ge (local.get $time) (f64.load offset=24 (i32.const 0))))
          (then
            (local.set $reason (i32.const 1))
            (br $stop)))
        ;; The mark of the line map: the first line after a mark that is not this capture's, and
        ;; every 64 of the rank's lines (a rank's own file: none).
        (local.set $outLines (i32.load offset=8 (local.get $st)))
        (if (i32.and (i32.ne (local.get $style) (i32.const 5))
                     (i32.or (i32.ne (i32.and (local.get $flags) (i32.const 16)) (i32.const 0))
                             (i32.ge_s (i32.sub (local.get $outLines) (i32.load offset=12 (local.get $st))) (i32.const 64))))
          (then
            (br_if $stop (i32.ge_u (local.get $marks) (i32.const 4096)))
            (local.set $q (i32.add (i32.const 40960) (i32.mul (local.get $marks) (i32.const 24))))
            (i32.store (local.get $q) (local.get $rank))
            (i32.store offset=4 (local.get $q) (local.get $outLines))
            (f64.store offset=8 (local.get $q) (local.get $line))
            (f64.store offset=16 (local.get $q) (local.get $offset))
            (local.set $marks (i32.add (local.get $marks) (i32.const 1)))
            (i32.store offset=12 (local.get $st) (local.get $outLines))))
        ;; Taken: the line break, the rank's state, the dirty list.
        (i32.store8 (local.get $out) (i32.const 10))
        (i32.store offset=4 (local.get $st) (i32.sub (i32.add (local.get $out) (i32.const 1)) (local.get $region)))
        (i32.store offset=8 (local.get $st) (i32.add (local.get $outLines) (i32.const 1)))
        (i32.store (local.get $st) (i32.or (i32.or (i32.and (local.get $flags) (i32.const -49)) (i32.const 2))
          (i32.shl (local.get $record) (i32.const 5))))
        (if (local.get $record)
          (then
            (i32.store (local.get $st) (i32.and (i32.load (local.get $st)) (i32.const -133)))
            (if (f64.eq (local.get $time) (local.get $time))
              (then
                (f64.store offset=16 (local.get $st) (local.get $time))
                ;; The latest time of any rank's record taken (NaN: none yet).
                (if (i32.eqz (f64.le (local.get $time) (f64.load offset=16 (i32.const 0))))
                  (then (f64.store offset=16 (i32.const 0) (local.get $time))))))))
        (if (i32.eqz (i32.load offset=24 (local.get $st)))
          (then
            (i32.store offset=24 (local.get $st) (i32.const 1))
            (i32.store offset=36864 (i32.shl (local.get $dirty) (i32.const 2)) (local.get $slot))
            (local.set $dirty (i32.add (local.get $dirty) (i32.const 1)))))
        (local.set $lines (i32.add (local.get $lines) (i32.const 1)))
        (local.set $line (f64.add (local.get $line) (f64.const 1)))
        (local.set $offset (f64.add (local.get $offset) (f64.convert_i32_u (i32.sub (i32.add (local.get $lf) (i32.const 1)) (local.get $pos)))))
        (local.set $pos (i32.add (local.get $lf) (i32.const 1)))
        (br $next)))
    (i32.store (i32.const 0) (local.get $reason))
    (i32.store offset=4 (i32.const 0) (local.get $lines))
    (i32.store offset=8 (i32.const 0) (local.get $marks))
    (i32.store offset=12 (i32.const 0) (local.get $dirty))
    (local.get $pos))

  (data (i32.const 160) "\0a\0d\0b\0b\0e")
)
