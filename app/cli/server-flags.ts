/**
 * The V8 heap settings the server runs with (`npm start`, the tests' servers and `npm run bench`).
 * Left to itself, V8 lets the heap of a busy server grow while the machine has memory to spare:
 * RSS 262 MB after ten seconds of /login on the large data set. With a 4 MB semi-space and a
 * 160 MB old space the same load peaks at 179 MB, at no loss of requests per second (191 against
 * 194 req/s in the same minute). The largest single
 * job, @Söder's feed of 3,757 events or all 23,477 events of the large set, fits with room.
 */
export const SERVER_NODE_FLAGS = ["--max-old-space-size=160", "--max-semi-space-size=4"];
