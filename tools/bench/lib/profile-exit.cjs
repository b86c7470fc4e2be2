/**
 * Preloaded (--require) into the apps when the bench profiles them. Nest's shutdown hooks
 * re-raise SIGTERM after closing the app, and a process killed by a signal never writes its
 * --cpu-prof file: while this listener exists the re-raised signal lands here instead, and the
 * process exits normally, which writes the profile.
 */
'use strict';
let seen = 0;
process.on('SIGTERM', () => {
  seen += 1;
  if (seen >= 2) process.exit(0);
  setTimeout(() => process.exit(0), 10_000).unref();
});
