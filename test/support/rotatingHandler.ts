// A job of two ranks logging our module's records through Python's RotatingFileHandler
// (maxBytes 1500, backupCount 20), for the tests of rank logs cut in parts. Its arguments:
// <log dir> <rank> first|restart <pause after each step, s> [fail]. A first run logs 3 steps
// (and, with `fail`, rank 1's logged RuntimeError and exit 1); a restart logs our Resume record
// and 60 steps, which the handler cuts each log for about three times.
export const ROTATING_HANDLER_JOB = [
  'import datetime, logging, logging.handlers, os, sys, time',
  'rank, restart, pause = int(sys.argv[2]), sys.argv[3] == "restart", float(sys.argv[4])',
  'handler = logging.handlers.RotatingFileHandler(os.path.join(sys.argv[1], f"worker_{rank}.log"), maxBytes=1500, backupCount=20)',
  'handler.setFormatter(logging.Formatter(f"%(asctime)s - Worker {rank} - %(name)s - %(levelname)s - %(message)s"))',
  'log = logging.getLogger("train")',
  'log.addHandler(handler)',
  'log.setLevel(logging.INFO)',
  'if restart:',
  '    log.info("=== Resume at %s ===", datetime.datetime.now().isoformat())',
  'for step in range(60 if restart else 3):',
  '    log.info("step %d loss %.3f", step, 1 / (step + 1))',
  '    time.sleep(pause)',
  'if rank == 1 and not restart and sys.argv[5:] == ["fail"]:',
  '    try:',
  '        raise RuntimeError("CUDA error: an illegal memory access was encountered")',
  '    except RuntimeError:',
  '        log.exception("Worker 1 failed")',
  '        sys.exit(1)',
  '',
].join('\n');
