// dockerode's ./buildkit decodes BuildKit v2 progress (protobufjs, reading a .proto file next to dockerode's sources,
// which a bundle does not ship) for Docker.prototype.followProgress. LW Coder reads classic-builder output itself
// (src/adapters/docker/buildProgress.ts) and never calls it, so the bundle carries this stub instead of protobufjs.
module.exports = {
  followProgress() {
    throw new Error('BuildKit progress decoding is not part of LW Coder; read the stream with docker.modem.followProgress.');
  },
};
