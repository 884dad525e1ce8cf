/**
 * The V8 heap settings the server runs with (`npm start`, the tests' servers and `npm run bench`).
 * Left to itself, V8 lets the heap of a busy server grow while the machine has memory to spare:
 * 260 MB after ten seconds of page requests on the large data set, of which some 120 MB was
 * garbage not yet collected. With a 4 MB semi-space and a 160 MB old space it stays near 180 MB,
 * at no loss of requests per second in the same run (README, Performance). The largest single
 * job, @Söder's feed of 3,757 events or all 23,477 events of the large set, fits with room.
 */
export const SERVER_NODE_FLAGS = ["--max-old-space-size=160", "--max-semi-space-size=4"];
