// dockerode requires ./session at load time for BuildKit builds (buildImage with `version: '2'`), which serve build
// credentials over gRPC: @grpc/grpc-js, @grpc/proto-loader, protobufjs and uuid, ~400 kB of the run chunk. LW Coder
// builds its images with the classic builder only (src/adapters/docker/dockerodeEngine.ts passes no version), so the
// bundle carries this stub instead; a BuildKit build gets a clear error through dockerode's own callback.
module.exports = function withSession(_docker, _auth, handler) {
  handler(new Error('LW Coder builds images with the classic Docker builder; BuildKit sessions (buildImage version "2") are not part of the extension.'), null, () => undefined);
};
