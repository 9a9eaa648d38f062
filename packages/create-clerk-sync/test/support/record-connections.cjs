// Preloaded (NODE_OPTIONS=--require) into every Node process of a scaffold run: appends each
// outgoing socket connection to $CONNECTIONS_LOG, so a test can assert there were none.
const fs = require("node:fs");
const net = require("node:net");

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function recordedConnect(...args) {
  // net.connect() hands over its normalized arguments as one array.
  const [target] = Array.isArray(args[0]) ? args[0] : args;
  const where =
    typeof target === "object" && target !== null
      ? (target.path ?? `${target.host ?? "localhost"}:${target.port}`)
      : String(target);
  fs.appendFileSync(process.env.CONNECTIONS_LOG, `${process.pid} ${where}\n`);
  return connect.apply(this, args);
};
