/** The light build of Bottleneck, which the Octokit throttling plugin uses; its types are the full build's. */
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
