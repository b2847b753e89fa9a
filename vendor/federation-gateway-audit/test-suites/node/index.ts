import { serve } from "../../supergraph";
import node from "./node.subgraph";
import nodeTwo from "./node-two";
import types from "./types.subgraph";
import tests from "./test";

export default serve("node", [node, nodeTwo, types], tests);
