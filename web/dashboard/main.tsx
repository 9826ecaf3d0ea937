import { render } from "preact";
import { App } from "./app";
import "../shared/base.css";
import "./dashboard.css";

render(<App />, document.getElementById("app") as HTMLElement);
