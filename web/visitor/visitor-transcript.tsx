/** The transcript as the visitor sees it: their own lines as "you", each counsellor's under their own name. */
import type { ChatView } from "../shared/chat-connection";
import type { Translate } from "../shared/i18n";
import { Transcript } from "../shared/transcript";

export function VisitorTranscript({ t, view }: { t: Translate; view: ChatView }) {
  const counsellor = view.counsellor ?? t("chat.counsellor");
  return (
    <Transcript
      lines={view.lines}
      me="visitor"
      label={t("chat.log")}
      who={(line) => (line.from === "visitor" ? t("chat.you") : (line.name ?? counsellor))}
      stateLabel={(state) => t(`chat.state.${state}`)}
    />
  );
}
