import { serve } from "../../supergraph";
import author from "./author.subgraph";
import media from "./media.subgraph";
import playlist from "./playlist.subgraph";
import test from "./test";

export default serve(
  "interface-object-indirect-extension",
  [author, media, playlist],
  test,
);
