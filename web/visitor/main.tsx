import { render } from "preact";
import { App } from "./app";
import "./visitor.css";

render(<App />, document.getElementById("app") as HTMLElement);
