<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="da_DK">
<context>
    <name>BatchPanel</name>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="85" />
        <source>Documents and pages</source>
        <translation>Dokumenter og sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="112" />
        <source>Unusually many pages: was a separator sheet missed?</source>
        <translation>Usædvanligt mange sider: blev et skilleark overset?</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="116" />
        <source>Check this letter: a cover or separator sheet code on it was not used.</source>
        <translation>Kontrollér dette brev: en kode fra en forside eller et skilleark på det blev ikke brugt.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="217" />
        <source>Letter %1 · being scanned</source>
        <translation>Brev %1 · scannes nu</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="226" />
        <source>Exception: %1</source>
        <translation>Undtagelse: %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="242" />
        <source>Started by a cover sheet</source>
        <translation>Startet af en forside</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="243" />
        <source>Started by a separator sheet</source>
        <translation>Startet af et skilleark</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="244" />
        <source>Started by a Patch T sheet</source>
        <translation>Startet af et Patch T-ark</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="245" />
        <source>Started by a Patch 2 sheet</source>
        <translation>Startet af et Patch 2-ark</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="246" />
        <source>Started by a Patch 3 sheet</source>
        <translation>Startet af et Patch 3-ark</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="247" />
        <source>Started by a blank page</source>
        <translation>Startet af en blank side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="248" />
        <source>Started by the page count</source>
        <translation>Startet efter sideantal</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="249" />
        <source>A file of its own</source>
        <translation>En fil for sig</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="250" />
        <source>First letter of the batch</source>
        <translation>Første brev i bunken</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="251" />
        <source>Split by the clerk</source>
        <translation>Delt af medarbejderen</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="219" />
        <source>Letter %1 · %2</source>
        <translation>Brev %1 · %2</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="220" />
        <source>1 page</source>
        <translation>1 side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="220" />
        <source>%1 pages</source>
        <translation>%1 sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="233" />
        <source>Page %1 of %2</source>
        <translation>Side %1 af %2</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="235" />
        <source>Deleted page (left out)</source>
        <translation>Slettet side (udeladt)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="235" />
        <source>Blank page (left out)</source>
        <translation>Blank side (udeladt)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="236" />
        <source>Separator sheet</source>
        <translation>Skilleark</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="236" />
        <source>Cover sheet</source>
        <translation>Forsideark</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="237" />
        <source>Replaced page (left out)</source>
        <translation>Erstattet side (udeladt)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="238" />
        <source>Left out: %1</source>
        <translation>Udeladt: %1</translation>
    </message>
</context>
<context>
    <name>ConfirmForm</name>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="132" />
        <source>Same as previous letter (Ctrl+D)</source>
        <translation>Samme som forrige brev (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="135" />
        <source>Discard my changes</source>
        <translation>Kassér mine ændringer</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="378" />
        <source>Runner-up: %1 (%2 %).</source>
        <translation>Næstbedst: %1 (%2 %).</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="383" />
        <source>✔ %1 — from the cover sheet (100 %)</source>
        <translation>✔ %1 — fra forsiden (100 %)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="385" />
        <source>The cover sheet names "%1", which is not in the recipient list: choose the recipient.</source>
        <translation>Forsiden nævner "%1", som ikke er på modtagerlisten: vælg modtageren.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="459" />
        <source>Press Enter again to confirm this received date, or correct it.</source>
        <translation>Tryk Enter igen for at bekræfte denne modtagelsesdato, eller ret den.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="522" />
        <source>No letter has been confirmed yet.</source>
        <translation>Der er ikke bekræftet noget brev endnu.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="536" />
        <source>Your changes are kept until you confirm the letter.</source>
        <translation>Dine ændringer gemmes, indtil du bekræfter brevet.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="392" />
        <source>Guess: %1 (%2 %, %3) — check it.</source>
        <translation>Gæt: %1 (%2 %, %3) — kontrollér det.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="398" />
        <source>Weak guess, not filled in: %1 (%2 %, %3).</source>
        <translation>Svagt gæt, ikke udfyldt: %1 (%2 %, %3).</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="236" />
        <source>Export failed: %1</source>
        <translation>Eksporten mislykkedes: %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="90" />
        <location filename="../../scanstation/ui/confirm_form.py" line="260" />
        <source>No document selected</source>
        <translation>Intet dokument valgt</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="97" />
        <source>Recipient</source>
        <translation>Modtager</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="110" />
        <source>A case number as the archive writes it: 2017-0289209, 13/44080 or a KLE number such as 00.01.00-A00-1-26</source>
        <translation>Et sagsnummer, som arkivet skriver det: 2017-0289209, 13/44080 eller et KLE-nummer som 00.01.00-A00-1-26</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="123" />
        <source>Show CPR</source>
        <translation>Vis CPR</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="129" />
        <source>&amp;Confirm (Enter)</source>
        <translation>&amp;Bekræft (Enter)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="144" />
        <source>&amp;Recipient</source>
        <translation>&amp;Modtager</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="146" />
        <source>Ca&amp;se number</source>
        <translation>&amp;Sagsnummer</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="147" />
        <source>Document &amp;type</source>
        <translation>Dokument&amp;type</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="148" />
        <source>Recei&amp;ved</source>
        <translation>Modtaget &amp;dato</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="149" />
        <source>C&amp;PR</source>
        <translation>C&amp;PR</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="151" />
        <source>&amp;Note</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="223" />
        <source>Document %1</source>
        <translation>Dokument %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="350" />
        <source>addressee unknown</source>
        <translation>adressaten ubekendt</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="350" />
        <source>moved</source>
        <translation>flyttet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="351" />
        <source>refused</source>
        <translation>nægtet modtaget</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="351" />
        <source>not collected</source>
        <translation>ikke afhentet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="352" />
        <source>returned</source>
        <translation>retur</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="353" />
        <source>Returned mail — %1</source>
        <translation>Returpost — %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="356" />
        <source>our letter %1 of %2</source>
        <translation>vores brev %1 af %2</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="359" />
        <source>our letter %1</source>
        <translation>vores brev %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="373" />
        <source>cover sheet</source>
        <translation>forside</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="373" />
        <source>known case number</source>
        <translation>kendt sagsnummer</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="374" />
        <source>learned from earlier letters</source>
        <translation>lært af tidligere breve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="375" />
        <source>keywords</source>
        <translation>nøgleord</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="376" />
        <source>returned mail, back to the team that sent it</source>
        <translation>returpost, tilbage til det team, der sendte det</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="389" />
        <source>Suggested: %1 (%2 %, %3)</source>
        <translation>Forslag: %1 (%2 %, %3)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="234" />
        <source>This document is exported and can no longer be changed.</source>
        <translation>Dokumentet er eksporteret og kan ikke længere ændres.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="425" />
        <source>Choose a recipient from the list.</source>
        <translation>Vælg en modtager på listen.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="428" />
        <source>The case number does not look like one (e.g. 2017-0289209 or 13/44080).</source>
        <translation>Sagsnummeret ligner ikke et sagsnummer (fx 2017-0289209 eller 13/44080).</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="432" />
        <source>The CPR number is not valid (DDMMYY-XXXX).</source>
        <translation>CPR-nummeret er ikke gyldigt (DDMMÅÅ-XXXX).</translation>
    </message>
</context>
<context>
    <name>DailyChart</name>
    <message>
        <location filename="../../scanstation/ui/daily_chart.py" line="37" />
        <source>Letters received per day</source>
        <translation>Modtagne breve pr. dag</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/daily_chart.py" line="61" />
        <source>%1 from %2 to %3</source>
        <translation>%1 fra %2 til %3</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/daily_chart.py" line="62" />
        <location filename="../../scanstation/ui/daily_chart.py" line="89" />
        <source>1 letter</source>
        <translation>1 brev</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/daily_chart.py" line="62" />
        <location filename="../../scanstation/ui/daily_chart.py" line="89" />
        <source>%1 letters</source>
        <translation>%1 breve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/daily_chart.py" line="73" />
        <source>Other teams</source>
        <translation>Andre teams</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/daily_chart.py" line="75" />
        <source>No team yet</source>
        <translation>Intet team endnu</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/daily_chart.py" line="90" />
        <source>1 page</source>
        <translation>1 side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/daily_chart.py" line="90" />
        <source>%1 pages</source>
        <translation>%1 sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/daily_chart.py" line="126" />
        <source>No letters received in these days</source>
        <translation>Ingen breve modtaget i disse dage</translation>
    </message>
</context>
<context>
    <name>DateRangePicker</name>
    <message>
        <location filename="../../scanstation/ui/date_range.py" line="33" />
        <source>From</source>
        <translation>Fra</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_range.py" line="34" />
        <source>To</source>
        <translation>Til</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_range.py" line="39" />
        <source>&amp;From</source>
        <translation>&amp;Fra</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_range.py" line="39" />
        <source>&amp;To</source>
        <translation>&amp;Til</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_range.py" line="53" />
        <source>Today</source>
        <translation>I dag</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_range.py" line="53" />
        <source>7 days</source>
        <translation>7 dage</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_range.py" line="54" />
        <source>30 days</source>
        <translation>30 dage</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_range.py" line="54" />
        <source>This month</source>
        <translation>Denne måned</translation>
    </message>
</context>
<context>
    <name>DocumentStatus</name>
    <message>
        <location filename="../../scanstation/ui/document_status.py" line="11" />
        <source>Scanning…</source>
        <translation>Scanner…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/document_status.py" line="12" />
        <source>Needs confirmation</source>
        <translation>Skal bekræftes</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/document_status.py" line="13" />
        <source>Confirmed, waiting for export</source>
        <translation>Bekræftet, venter på eksport</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/document_status.py" line="14" />
        <source>Exported</source>
        <translation>Eksporteret</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/document_status.py" line="15" />
        <source>Export failed</source>
        <translation>Eksport mislykkedes</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/document_status.py" line="16" />
        <source>Parked as an exception</source>
        <translation>Parkeret som undtagelse</translation>
    </message>
</context>
<context>
    <name>ExportFailure</name>
    <message>
        <location filename="../../scanstation/ui/export_failures.py" line="33" />
        <source>the drop folder's disk is full</source>
        <translation>disken med afleveringsmappen er fuld</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/export_failures.py" line="34" />
        <source>the drop folder's disk quota is used up</source>
        <translation>diskkvoten for afleveringsmappen er brugt op</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/export_failures.py" line="35" />
        <source>the drop folder is read-only</source>
        <translation>afleveringsmappen er skrivebeskyttet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/export_failures.py" line="36" />
        <source>no permission to write in the drop folder</source>
        <translation>ingen tilladelse til at skrive i afleveringsmappen</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/export_failures.py" line="38" />
        <source>the drop folder does not exist or is not reachable</source>
        <translation>afleveringsmappen findes ikke eller kan ikke nås</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/export_failures.py" line="40" />
        <source>the drop folder is not a folder</source>
        <translation>afleveringsmappen er ikke en mappe</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/export_failures.py" line="41" />
        <source>input/output error on the drop folder</source>
        <translation>ind-/uddatafejl på afleveringsmappen</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/export_failures.py" line="52" />
        <source>Could not deliver to %1: %2. The letter is kept and will be retried.</source>
        <translation>Kunne ikke aflevere til %1: %2. Brevet er gemt og sendes igen.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/export_failures.py" line="56" />
        <source>Page %1 (%2) is missing or damaged on disk. Rescan it or have it restored, then retry the export.</source>
        <translation>Side %1 (%2) mangler eller er beskadiget på disken. Scan den igen eller få den gendannet, og prøv så eksporten igen.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/export_failures.py" line="60" />
        <source>Page %1 (%2) could not be put into the PDF (%3). Leave the page out or rescan it, then retry the export.</source>
        <translation>Side %1 (%2) kunne ikke lægges i PDF'en (%3). Udelad siden eller scan den igen, og prøv så eksporten igen.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/export_failures.py" line="65" />
        <source>The PDF could not be made (%1). The letter is kept; retry the export, and call IT if it fails again.</source>
        <translation>PDF'en kunne ikke laves (%1). Brevet er gemt; prøv eksporten igen, og ring til IT, hvis det sker igen.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/export_failures.py" line="69" />
        <source>The export stopped on an unexpected error (%1). The letter is kept; retry the export, and call IT if it fails again.</source>
        <translation>Eksporten stoppede på en uventet fejl (%1). Brevet er gemt; prøv eksporten igen, og ring til IT, hvis det sker igen.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/export_failures.py" line="72" />
        <source>The letter has no pages to export.</source>
        <translation>Brevet har ingen sider at eksportere.</translation>
    </message>
</context>
<context>
    <name>FaultBanner</name>
    <message>
        <location filename="../../scanstation/ui/fault_banner.py" line="31" />
        <source>The scanner needs you</source>
        <translation>Scanneren har brug for dig</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="128" />
        <location filename="../../scanstation/ui/main_window.py" line="1246" />
        <source>ScanStation — %1</source>
        <translation>ScanStation — %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="206" />
        <source>Scanning</source>
        <translation>Scanning</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="210" />
        <location filename="../../scanstation/ui/main_window.py" line="211" />
        <source>Scan profile</source>
        <translation>Scanprofil</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="213" />
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="214" />
        <location filename="../../scanstation/ui/main_window.py" line="368" />
        <source>Demo scanner</source>
        <translation>Demoscanner</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="218" />
        <source>Feeder (ADF)</source>
        <translation>Arkføder (ADF)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="218" />
        <source>Duplex</source>
        <translation>Dobbeltsidet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="219" />
        <source>Flatbed</source>
        <translation>Flatbed</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="226" />
        <source>Gray</source>
        <translation>Gråtoner</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="226" />
        <source>Colour</source>
        <translation>Farve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="227" />
        <source>Black and white</source>
        <translation>Sort-hvid</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="230" />
        <source>How the stack is split into letters</source>
        <translation>Hvordan bunken deles i breve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="231" />
        <source>Separator and cover sheets</source>
        <translation>Skilleark og forsider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="232" />
        <source>Blank page between letters</source>
        <translation>Blank side mellem brevene</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="233" />
        <source>One letter per scan</source>
        <translation>Ét brev pr. scanning</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="234" />
        <source>Every page is a letter</source>
        <translation>Hver side er et brev</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="235" />
        <source>Every 2 pages</source>
        <translation>Hver 2. side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="238" />
        <source>&amp;Scan</source>
        <translation>&amp;Scan</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="241" />
        <source>&amp;Import files…</source>
        <translation>&amp;Importér filer…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="244" />
        <source>S&amp;top</source>
        <translation>S&amp;top</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="249" />
        <source>Se&amp;ttings…</source>
        <translation>&amp;Indstillinger…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="269" />
        <source>S&amp;upervisor…</source>
        <translation>&amp;Leder…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="271" />
        <source>Counts, backlog and search (Ctrl+Shift+U)</source>
        <translation>Optællinger, restancer og søgning (Ctrl+Shift+U)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="284" />
        <source>&amp;Retry export</source>
        <translation>&amp;Prøv eksport igen</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="335" />
        <source>Split here (Ctrl+K)</source>
        <translation>Del her (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="336" />
        <source>Merge with next (Ctrl+M)</source>
        <translation>Flet med næste (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="337" />
        <source>Rotate right (Ctrl+R)</source>
        <translation>Drej til højre (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="338" />
        <source>Rotate left (Ctrl+Shift+R)</source>
        <translation>Drej til venstre (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="339" />
        <source>Delete page (Ctrl+Del)</source>
        <translation>Slet side (Ctrl+Del)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="340" />
        <source>Restore page</source>
        <translation>Gendan side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="341" />
        <source>Rescan page (F6)</source>
        <translation>Scan siden igen (F6)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="342" />
        <source>Undo (Ctrl+Z)</source>
        <translation>Fortryd (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="402" />
        <source>The profile "%1" asks for %2 dpi, which is not offered here: it scans at %3 dpi. Choose a resolution in Settings → Scan profiles.</source>
        <translation>Profilen »%1« beder om %2 dpi, som ikke tilbydes her: der scannes med %3 dpi. Vælg en opløsning under Indstillinger → Scanprofiler.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="419" />
        <source>Scanning…</source>
        <translation>Scanner…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="438" />
        <source>Importing…</source>
        <translation>Importerer…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="472" />
        <source>Stopping after this page…</source>
        <translation>Stopper efter denne side…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="543" />
        <source>Some files could not be read</source>
        <translation>Nogle filer kunne ikke læses</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="581" />
        <source>The scanner needs you.</source>
        <translation>Scanneren har brug for dig.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="1061" />
        <source>1 export failed: %2</source>
        <translation>1 eksport mislykkedes: %2</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="1062" />
        <source>%1 exports failed: %2</source>
        <translation>%1 eksporter mislykkedes: %2</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="569" />
        <source>Scanning stopped</source>
        <translation>Scanningen stoppede</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="602" />
        <source>Paper jam. Open the scanner, remove the jammed sheet, put it back on top of the stack and press Continue.</source>
        <translation>Papirstop. Åbn scanneren, fjern det fastklemte ark, læg det øverst i bunken igen, og tryk på Fortsæt.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="604" />
        <source>Double feed: two sheets went through together. Take them out of the scanner, put them back on top of the stack and press Continue.</source>
        <translation>Dobbeltindføring: to ark gik igennem sammen. Tag dem ud af scanneren, læg dem tilbage øverst i stakken og tryk på Fortsæt.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="606" />
        <source>The scanner cover is open. Close it and press Continue.</source>
        <translation>Scannerens låg er åbent. Luk det, og tryk på Fortsæt.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="607" />
        <source>There is no paper in the feeder. Put the letters in the feeder and scan.</source>
        <translation>Der er intet papir i arkføderen. Læg brevene i føderen, og scan.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="608" />
        <source>The scanner is busy with another program. Wait, then press Continue.</source>
        <translation>Scanneren bruges af et andet program. Vent, og tryk så på Fortsæt.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="609" />
        <source>Lost the connection to the scanner. Check that it is on and connected, then press Continue.</source>
        <translation>Forbindelsen til scanneren blev afbrudt. Kontrollér, at den er tændt og tilsluttet, og tryk så på Fortsæt.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="611" />
        <source>The scanner was not found. Check that it is on and connected.</source>
        <translation>Scanneren blev ikke fundet. Kontrollér, at den er tændt og tilsluttet.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="636" />
        <source>Import files</source>
        <translation>Importér filer</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="636" />
        <source>Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;All files (*)</source>
        <translation>Scanninger (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;Alle filer (*)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="697" />
        <source>%1 of 1 letter left</source>
        <translation>%1 af 1 brev tilbage</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="721" />
        <source>Letter %1</source>
        <translation>Brev %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="792" />
        <source>This letter is parked as an exception: take it back (Ctrl+Shift+P) before confirming it.</source>
        <translation>Brevet er parkeret som undtagelse: tag det tilbage (Ctrl+Shift+P), før du bekræfter det.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="815" />
        <source>All letters in this batch are confirmed.</source>
        <translation>Alle breve i bunken er bekræftet.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="845" />
        <source>Letter %1 goes to the archive in %2 s (Ctrl+Z takes it back)</source>
        <translation>Brev %1 sendes til arkivet om %2 s (Ctrl+Z fortryder)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="921" />
        <source>Letter %1 has gone to the archive already; to change it, re-open it as a correction (Ctrl+Shift+C).</source>
        <translation>Brev %1 er allerede sendt til arkivet; åbn det igen som rettelse (Ctrl+Shift+C) for at ændre det.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="937" />
        <source>Confirmation taken back: letter %1 was not exported.</source>
        <translation>Bekræftelsen er fortrudt: brev %1 blev ikke eksporteret.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="955" />
        <source>&amp;Park as exception… (Ctrl+Shift+P)</source>
        <translation>&amp;Parkér som undtagelse… (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="958" />
        <source>Re-open as &amp;correction (Ctrl+Shift+C)</source>
        <translation>Åbn igen som &amp;rettelse (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="979" />
        <source>Only a letter waiting for confirmation can be parked.</source>
        <translation>Kun et brev, der venter på bekræftelse, kan parkeres.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="983" />
        <source>Park as exception</source>
        <translation>Parkér som undtagelse</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="984" />
        <source>Why is letter %1 set aside? The supervisor sees the reason.</source>
        <translation>Hvorfor lægges brev %1 til side? Supervisoren ser begrundelsen.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="986" />
        <source>Unreadable</source>
        <translation>Ulæseligt</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="986" />
        <source>Recipient unclear</source>
        <translation>Modtager uklar</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="987" />
        <source>Pages missing or mixed up</source>
        <translation>Sider mangler eller er blandet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="987" />
        <source>Not for us</source>
        <translation>Ikke til os</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="988" />
        <source>Ask the supervisor</source>
        <translation>Spørg supervisoren</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="991" />
        <source>&amp;Park</source>
        <translation>&amp;Parkér</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="999" />
        <source>Not parked: say why the letter is set aside.</source>
        <translation>Ikke parkeret: skriv, hvorfor brevet lægges til side.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="1007" />
        <source>Letter %1 is parked as an exception: %2</source>
        <translation>Brev %1 er parkeret som undtagelse: %2</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="1019" />
        <source>Letter %1 is back among the letters to confirm.</source>
        <translation>Brev %1 er tilbage blandt brevene, der skal bekræftes.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="1032" />
        <source>Only an exported letter is re-opened; this one can be changed and confirmed as it is.</source>
        <translation>Kun et eksporteret brev åbnes igen; dette brev kan ændres og bekræftes, som det er.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="1043" />
        <source>Correcting %1: change it and press Enter; version %2 replaces the one in the archive.</source>
        <translation>Retter %1: ret det og tryk Enter; version %2 erstatter den i arkivet.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="1057" />
        <source>No drop folder is set: confirmed letters wait (Settings).</source>
        <translation>Der er ingen afleveringsmappe: bekræftede breve venter (Indstillinger).</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="1059" />
        <source>Export queue: %1</source>
        <translation>Eksportkø: %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="1232" />
        <source>Scanning: the letter can be shown when the scan has ended.</source>
        <translation>Der scannes: brevet kan vises, når scanningen er slut.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="246" />
        <source>Stop scanning (Shift+F5)</source>
        <translation>Stop scanningen (Shift+F5)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="518" />
        <source>Scanned %1 · read %2</source>
        <translation>Scannet %1 · læst %2</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="522" />
        <source>about %1 s left</source>
        <translation>ca. %1 s tilbage</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="547" />
        <location filename="../../scanstation/ui/main_window.py" line="571" />
        <location filename="../../scanstation/ui/main_window.py" line="585" />
        <source>Close</source>
        <translation>Luk</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="559" />
        <source>1 page</source>
        <translation>1 side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="559" />
        <source>%1 pages</source>
        <translation>%1 sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="560" />
        <source>1 letter</source>
        <translation>1 brev</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="560" />
        <source>%1 letters</source>
        <translation>%1 breve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="561" />
        <source>%1 in %2</source>
        <translation>%1 i %2</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="577" />
        <source>The pages scanned before it are kept: %1.</source>
        <translation>Siderne scannet før er gemt: %1.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="584" />
        <source>Continue (F5)</source>
        <translation>Fortsæt (F5)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="585" />
        <source>Stop (Shift+F5)</source>
        <translation>Stop (Shift+F5)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="628" />
        <source>Stopped: %1</source>
        <translation>Stoppet: %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="686" />
        <source>Put the letters in the scanner and press F5 to scan,
or drop files here, or press Ctrl+O to import files.</source>
        <translation>Læg brevene i scanneren og tryk F5 for at scanne,
eller slip filer her, eller tryk Ctrl+O for at importere filer.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="697" />
        <source>%1 of %2 letters left</source>
        <translation>%1 af %2 breve tilbage</translation>
    </message>
</context>
<context>
    <name>PageViewer</name>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="208" />
        <source>Zoom (100 % = one scanned pixel per screen pixel)</source>
        <translation>Zoom (100 % = én scannet pixel pr. skærmpixel)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="276" />
        <source>Loading…</source>
        <translation>Indlæser…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="394" />
        <source>The file does not exist.</source>
        <translation>Filen findes ikke.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="396" />
        <source>ScanStation may not read the file.</source>
        <translation>ScanStation må ikke læse filen.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="398" />
        <source>The file is damaged or is not a picture.</source>
        <translation>Filen er beskadiget eller er ikke et billede.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="400" />
        <source>Unexpected error: {error}</source>
        <translation>Uventet fejl: {error}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="402" />
        <source>Could not show the page “{name}”.</source>
        <translation>Siden “{name}” kunne ikke vises.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="510" />
        <source>{percent} %</source>
        <translation>{percent} %</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="560" />
        <location filename="../../scanstation/ui/page_viewer.py" line="561" />
        <source>Previous page</source>
        <translation>Forrige side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="563" />
        <location filename="../../scanstation/ui/page_viewer.py" line="564" />
        <source>Next page</source>
        <translation>Næste side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="566" />
        <source>Zoom in</source>
        <translation>Zoom ind</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="568" />
        <source>Zoom out</source>
        <translation>Zoom ud</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="570" />
        <source>Fit page</source>
        <translation>Hel side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="571" />
        <source>Show the whole page</source>
        <translation>Vis hele siden</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="573" />
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="574" />
        <source>One scanned pixel per screen pixel</source>
        <translation>Én scannet pixel pr. skærmpixel</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="576" />
        <source>Fit width</source>
        <translation>Tilpas bredde</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="577" />
        <source>Fit the page to the width of the view</source>
        <translation>Tilpas siden til visningens bredde</translation>
    </message>
</context>
<context>
    <name>ReceivedDateField</name>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="57" />
        <source>e.g. 2.12.2026, 2/12, yesterday</source>
        <translation>fx 2.12.2026, 2/12, i går</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="58" />
        <source>Received date</source>
        <translation>Modtagelsesdato</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="59" />
        <source>Type a date (2026-12-02, 2.12.2026, 02122026, 2/12, today, yesterday); Up/Down or Ctrl+Up/Down step a day.</source>
        <translation>Skriv en dato (2026-12-02, 2.12.2026, 02122026, 2/12, i dag, i går); Op/Ned eller Ctrl+Op/Ned går en dag frem eller tilbage.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="108" />
        <source>%1 is in the future.</source>
        <translation>%1 ligger i fremtiden.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="109" />
        <source>%1 is before the letter's own date (%2).</source>
        <translation>%1 er før brevets egen dato (%2).</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="112" />
        <source>%1 is more than a year ago.</source>
        <translation>%1 er mere end et år siden.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="121" />
        <source>Type the date the letter was received.</source>
        <translation>Skriv datoen, brevet blev modtaget.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="122" />
        <source>"%1" is not a date. Type it like 2.12.2026, 2026-12-02, 2/12 or yesterday.</source>
        <translation>"%1" er ikke en dato. Skriv den som 2.12.2026, 2026-12-02, 2/12 eller i går.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="160" />
        <source>today</source>
        <translation>i dag</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="160" />
        <source>yesterday</source>
        <translation>i går</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="169" />
        <source>Monday</source>
        <translation>mandag</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="169" />
        <source>Tuesday</source>
        <translation>tirsdag</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="169" />
        <source>Wednesday</source>
        <translation>onsdag</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="169" />
        <source>Thursday</source>
        <translation>torsdag</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="170" />
        <source>Friday</source>
        <translation>fredag</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="170" />
        <source>Saturday</source>
        <translation>lørdag</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/date_field.py" line="170" />
        <source>Sunday</source>
        <translation>søndag</translation>
    </message>
</context>
<context>
    <name>ReportTable</name>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="113" />
        <source>Filter rows…</source>
        <translation>Filtrér rækker…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="114" />
        <source>Filter rows</source>
        <translation>Filtrér rækker</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="117" />
        <source>Export &amp;CSV…</source>
        <translation>Eksportér &amp;CSV…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="119" />
        <source>Export &amp;XLSX…</source>
        <translation>Eksportér &amp;XLSX…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="157" />
        <source>CSV files (*.csv)</source>
        <translation>CSV-filer (*.csv)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="157" />
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel-projektmapper (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="158" />
        <source>Export the table</source>
        <translation>Eksportér tabellen</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="163" />
        <source>Writing %1…</source>
        <translation>Skriver %1…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="167" />
        <source>Saved %1</source>
        <translation>Gemt: %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="171" />
        <source>The file could not be written: %1</source>
        <translation>Filen kunne ikke skrives: %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="177" />
        <source>Day</source>
        <translation>Dag</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="177" />
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="177" />
        <source>Clerk</source>
        <translation>Medarbejder</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="178" />
        <location filename="../../scanstation/ui/report_table.py" line="191" />
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="178" />
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="178" />
        <source>Started by</source>
        <translation>Startet af</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="179" />
        <source>Letters received</source>
        <translation>Breve modtaget</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="179" />
        <source>Pages received</source>
        <translation>Sider modtaget</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="180" />
        <source>Letters scanned</source>
        <translation>Breve scannet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="180" />
        <source>Pages scanned</source>
        <translation>Sider scannet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="181" />
        <source>Confirmed</source>
        <translation>Bekræftet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="181" />
        <source>Pages confirmed</source>
        <translation>Sider bekræftet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="182" />
        <source>Exported</source>
        <translation>Eksporteret</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="182" />
        <source>Blank pages dropped</source>
        <translation>Blanke sider fjernet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="183" />
        <source>Rescans</source>
        <translation>Genscanninger</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="183" />
        <source>Missed separators?</source>
        <translation>Oversete skilleark?</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="184" />
        <source>Return mail</source>
        <translation>Returpost</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="184" />
        <source>Awaiting confirmation</source>
        <translation>Afventer bekræftelse</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="185" />
        <source>Failed exports</source>
        <translation>Mislykkede eksporter</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="185" />
        <source>Active hours</source>
        <translation>Aktive timer</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="186" />
        <source>Letters per hour</source>
        <translation>Breve pr. time</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="186" />
        <source>Pages per hour</source>
        <translation>Sider pr. time</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="187" />
        <source>Approaching (5-7 days)</source>
        <translation>Nærmer sig (5-7 dage)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="187" />
        <source>Overdue (over 7 days)</source>
        <translation>Overskredet (over 7 dage)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="188" />
        <source>Waiting</source>
        <translation>Venter</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="188" />
        <source>Letters</source>
        <translation>Breve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="189" />
        <source>Oldest received</source>
        <translation>Ældste modtaget</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="189" />
        <source>Oldest age (days)</source>
        <translation>Ældste alder (dage)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="190" />
        <source>Journal id</source>
        <translation>Journal-id</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="190" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="191" />
        <source>Received</source>
        <translation>Modtaget</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="192" />
        <source>Case number</source>
        <translation>Sagsnummer</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="192" />
        <source>Pages</source>
        <translation>Sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="192" />
        <source>Text</source>
        <translation>Tekst</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="193" />
        <source>Letter</source>
        <translation>Brev</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="193" />
        <source>Reason</source>
        <translation>Begrundelse</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="193" />
        <source>Parked by</source>
        <translation>Parkeret af</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/report_table.py" line="194" />
        <source>Parked at</source>
        <translation>Parkeret</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="59" />
        <source>Words in the letter</source>
        <translation>Ord i brevet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="63" />
        <source>User name of the clerk who confirmed</source>
        <translation>Brugernavn på medarbejderen, der bekræftede</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="65" />
        <source>(any team)</source>
        <translation>(alle teams)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="71" />
        <source>(any status)</source>
        <translation>(alle statusser)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="74" />
        <source>&amp;Received between</source>
        <translation>&amp;Modtaget mellem</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="78" />
        <source>Received from</source>
        <translation>Modtaget fra</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="78" />
        <source>Received to</source>
        <translation>Modtaget til</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="85" />
        <source>DDMMYY-SSSS</source>
        <translation>DDMMÅÅ-SSSS</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="88" />
        <source>Every search by CPR number is written to the audit trail.</source>
        <translation>Hver søgning på CPR-nummer skrives i revisionssporet.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="89" />
        <source>Only supervisors can search by CPR number. IT names them in the machine-wide settings (supervisor.users).</source>
        <translation>Kun ledere kan søge på CPR-nummer. IT angiver dem i maskinens fælles indstillinger (supervisor.users).</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="91" />
        <source>&amp;Search</source>
        <translation>&amp;Søg</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="98" />
        <source>Letters found</source>
        <translation>Fundne breve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="99" />
        <source>Double-click or press Enter to show the letter</source>
        <translation>Dobbeltklik eller tryk Enter for at vise brevet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="105" />
        <source>&amp;Text</source>
        <translation>&amp;Tekst</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="106" />
        <source>&amp;Journal id</source>
        <translation>&amp;Journal-id</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="107" />
        <source>C&amp;ase number</source>
        <translation>S&amp;agsnummer</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="114" />
        <source>Tea&amp;m</source>
        <translation>T&amp;eam</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="115" />
        <source>C&amp;lerk</source>
        <translation>Medar&amp;bejder</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="116" />
        <source>Stat&amp;us</source>
        <translation>Stat&amp;us</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="117" />
        <source>C&amp;PR number</source>
        <translation>C&amp;PR-nummer</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="146" />
        <source>That CPR number is not valid: write DDMMYY-SSSS.</source>
        <translation>CPR-nummeret er ikke gyldigt: skriv DDMMÅÅ-SSSS.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="151" />
        <source>Searching…</source>
        <translation>Søger…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="167" />
        <source>The first %1 letters found: narrow the search to see others.</source>
        <translation>De første %1 fundne breve: afgræns søgningen for at se andre.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="170" />
        <source>1 letter found</source>
        <translation>1 brev fundet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="170" />
        <source>%1 letters found</source>
        <translation>%1 breve fundet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/search_panel.py" line="175" />
        <source>The search failed: %1</source>
        <translation>Søgningen mislykkedes: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="54" />
        <source>ScanStation settings</source>
        <translation>Indstillinger for ScanStation</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="64" />
        <source>S&amp;tation</source>
        <translation>S&amp;tation</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="65" />
        <source>&amp;Archive and export</source>
        <translation>&amp;Arkiv og eksport</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="66" />
        <source>&amp;OCR</source>
        <translation>&amp;OCR</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="67" />
        <source>&amp;Recipients</source>
        <translation>&amp;Modtagere</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="68" />
        <source>Scan &amp;profiles</source>
        <translation>Scan&amp;profiler</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="69" />
        <source>S&amp;eparation</source>
        <translation>&amp;Opdeling</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="100" />
        <location filename="../../scanstation/ui/settings_dialog.py" line="109" />
        <location filename="../../scanstation/ui/settings_dialog.py" line="457" />
        <source>Set by your IT department</source>
        <translation>Fastsat af din it-afdeling</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="101" />
        <source>Locked</source>
        <translation>Låst</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="114" />
        <source>Currently set in {file}</source>
        <translation>Angivet i {file}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="186" />
        <source>Station &amp;ID:</source>
        <translation>Station&amp;s-id:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="187" />
        <source>e.g. KOEGE1</source>
        <translation>fx KOEGE1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="189" />
        <source>The name you logged in with; it is written on every document you confirm.</source>
        <translation>Det navn, du er logget ind med; det skrives på hvert dokument, du bekræfter.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="190" />
        <source>Operator:</source>
        <translation>Medarbejder:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="192" />
        <source>Default &amp;scanner:</source>
        <translation>Standard&amp;scanner:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="195" />
        <source>&amp;Language:</source>
        <translation>&amp;Sprog:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="196" />
        <source>Same as the computer</source>
        <translation>Som computeren</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="197" />
        <source>A new language is used the next time ScanStation starts.</source>
        <translation>Et nyt sprog bruges, næste gang ScanStation starter.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="205" />
        <source>&amp;Browse…</source>
        <translation>&amp;Gennemse…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="206" />
        <source>&amp;Drop folder:</source>
        <translation>&amp;Afleveringsmappe:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="208" />
        <source>The folder the archive system collects PDFs from</source>
        <translation>Mappen, som arkivsystemet henter PDF-filer fra</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="211" />
        <source>Include the &amp;CPR number in the metadata file</source>
        <translation>Medtag &amp;CPR-nummeret i metadatafilen</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="212" />
        <source>&amp;JPEG quality:</source>
        <translation>&amp;JPEG-kvalitet:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="214" />
        <source>Leave blank pa&amp;ges out of the PDF</source>
        <translation>Udelad blanke si&amp;der i PDF-filen</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="215" />
        <source>Time to &amp;undo a confirmation:</source>
        <translation>Tid til at &amp;fortryde en bekræftelse:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="216" />
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="217" />
        <source>none: export at once</source>
        <translation>ingen: eksportér med det samme</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="218" />
        <source>A confirmed letter waits this long (or until the next letter is confirmed) before it goes to the archive; Ctrl+Z takes it back.</source>
        <translation>Et bekræftet brev venter så længe (eller til næste brev bekræftes), før det sendes til arkivet; Ctrl+Z fortryder.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="225" />
        <source>Text recognition &amp;languages:</source>
        <translation>Sprog til tekstgen&amp;kendelse:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="226" />
        <source>Tesseract language codes joined by +, e.g. dan+eng</source>
        <translation>Tesseract-sprogkoder forbundet med +, fx dan+eng</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="239" />
        <location filename="../../scanstation/ui/settings_dialog.py" line="425" />
        <source> pages</source>
        <translation> sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="240" />
        <location filename="../../scanstation/ui/settings_dialog.py" line="426" />
        <source>Pages per document</source>
        <translation>Sider pr. dokument</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="241" />
        <location filename="../../scanstation/ui/settings_dialog.py" line="436" />
        <source>&amp;New document at:</source>
        <translation>&amp;Nyt dokument ved:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="248" />
        <source>Separator &amp;barcode:</source>
        <translation>Skille&amp;stregkode:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="250" />
        <source>&amp;Keep cover sheets as the first page</source>
        <translation>&amp;Behold forsider som første side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="252" />
        <source>&amp;Most pages in one document:</source>
        <translation>&amp;Flest sider i ét dokument:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="259" />
        <source>Separator sheets, cover sheets and patch codes</source>
        <translation>Skilleark, forsider og patchkoder</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="260" />
        <source>A blank sheet</source>
        <translation>Et blankt ark</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="261" />
        <source>Every fixed number of pages</source>
        <translation>Et fast antal sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="262" />
        <source>Each scan (one document per scan)</source>
        <translation>Hver scanning (ét dokument pr. scanning)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="283" />
        <source>The teams and mailboxes post is sent to. Keywords (separated by ;) help ScanStation suggest the right recipient.</source>
        <translation>De teams og postkasser, posten sendes til. Nøgleord (adskilt med ;) hjælper ScanStation med at foreslå den rigtige modtager.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="288" />
        <source>ID</source>
        <translation>Id</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="288" />
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="288" />
        <source>Keywords</source>
        <translation>Nøgleord</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="294" />
        <source>&amp;Import CSV…</source>
        <translation>&amp;Importér CSV…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="295" />
        <source>A&amp;dd</source>
        <translation>&amp;Tilføj</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="296" />
        <source>Re&amp;move</source>
        <translation>&amp;Fjern</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="306" />
        <source>No journal is open</source>
        <translation>Ingen journal er åben</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="331" />
        <source>Import recipients</source>
        <translation>Importér modtagere</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="332" />
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-filer (*.csv);;Alle filer (*)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="343" />
        <source>Recipients: {problem}</source>
        <translation>Modtagere: {problem}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="364" />
        <source>Recipients, row {row}: the ID {id!r} must be lower-case letters, digits, '-', '_' or '.'</source>
        <translation>Modtagere, række {row}: id'et {id!r} må kun have små bogstaver, cifre, '-', '_' eller '.'</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="367" />
        <source>Recipients, row {row}: the ID {id!r} appears twice</source>
        <translation>Modtagere, række {row}: id'et {id!r} står der to gange</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="370" />
        <source>Recipients, row {row}: the name is missing or too long</source>
        <translation>Modtagere, række {row}: navnet mangler eller er for langt</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="388" />
        <source>&amp;Default profile:</source>
        <translation>&amp;Standardprofil:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="394" />
        <source>Scan profiles</source>
        <translation>Scanprofiler</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="397" />
        <location filename="../../scanstation/ui/settings_dialog.py" line="458" />
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="402" />
        <source>Document feeder, one side</source>
        <translation>Arkføder, én side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="402" />
        <source>Document feeder, both sides</source>
        <translation>Arkføder, begge sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="403" />
        <source>Flatbed glass</source>
        <translation>Glasplade</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="408" />
        <source>Resolution</source>
        <translation>Opløsning</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="418" />
        <source>Grey</source>
        <translation>Gråtoner</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="418" />
        <source>Colour</source>
        <translation>Farve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="418" />
        <source>Black and white</source>
        <translation>Sort-hvid</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="433" />
        <source>Na&amp;me:</source>
        <translation>Na&amp;vn:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="433" />
        <source>&amp;Scanner:</source>
        <translation>&amp;Scanner:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="434" />
        <source>Paper &amp;feed:</source>
        <translation>Papir&amp;fødning:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="434" />
        <source>Reso&amp;lution:</source>
        <translation>&amp;Opløsning:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="435" />
        <source>&amp;Colour mode:</source>
        <translation>&amp;Farvetilstand:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="446" />
        <source>Appl&amp;y to profile</source>
        <translation>&amp;Anvend på profil</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="447" />
        <source>Ne&amp;w profile</source>
        <translation>N&amp;y profil</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="448" />
        <source>Remo&amp;ve profile</source>
        <translation>F&amp;jern profil</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="488" />
        <source>feeder</source>
        <translation>arkføder</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="488" />
        <source>feeder, both sides</source>
        <translation>arkføder, begge sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="488" />
        <source>flatbed</source>
        <translation>glasplade</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="489" />
        <source>grey</source>
        <translation>gråtoner</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="489" />
        <source>colour</source>
        <translation>farve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="489" />
        <source>black and white</source>
        <translation>sort-hvid</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="490" />
        <source>{name} ({source}, {mode}, {dpi} dpi)</source>
        <translation>{name} ({source}, {mode}, {dpi} dpi)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="547" />
        <source>%1 dpi</source>
        <translation>%1 dpi</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="549" />
        <source>%1 dpi (not offered)</source>
        <translation>%1 dpi (tilbydes ikke)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="560" />
        <source>The scanner “{device}” does not offer {dpi} dpi: choose one of {listed} dpi.</source>
        <translation>Scanneren »{device}« tilbyder ikke {dpi} dpi: vælg en af {listed} dpi.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="562" />
        <source>{dpi} dpi is not a usual resolution and the scanner could not be asked: check that it scans at {dpi} dpi, or choose one of {listed} dpi.</source>
        <translation>{dpi} dpi er ikke en almindelig opløsning, og scanneren kunne ikke spørges: kontrollér, at den kan scanne med {dpi} dpi, eller vælg en af {listed} dpi.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="591" />
        <source>Scan profile: {problem}</source>
        <translation>Scanprofil: {problem}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="596" />
        <source>Scan profile: the name {name!r} is already used</source>
        <translation>Scanprofil: navnet {name!r} er allerede brugt</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="619" />
        <location filename="../../scanstation/ui/settings_dialog.py" line="621" />
        <source>New profile {n}</source>
        <translation>Ny profil {n}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="667" />
        <source>use 1–16 letters A–Z and digits, e.g. KOEGE1</source>
        <translation>brug 1–16 bogstaver A–Z og cifre, fx KOEGE1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="668" />
        <source>choose or type a scanner</source>
        <translation>vælg eller skriv en scanner</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="669" />
        <source>type at least one language code, e.g. dan</source>
        <translation>skriv mindst én sprogkode, fx dan</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="670" />
        <source>type the barcode's text, 1–64 characters</source>
        <translation>skriv stregkodens tekst, 1–64 tegn</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="683" />
        <source>{field} {problem}</source>
        <translation>{field} {problem}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="710" />
        <source>The settings could not be saved: {problem}</source>
        <translation>Indstillingerne kunne ikke gemmes: {problem}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="737" />
        <source>The recipients could not be saved: {problem}</source>
        <translation>Modtagerne kunne ikke gemmes: {problem}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="741" />
        <source>Choose the drop folder</source>
        <translation>Vælg afleveringsmappen</translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="252" />
        <source>Parked as exceptions: %1</source>
        <translation>Parkeret som undtagelser: %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="86" />
        <source>Supervisor — %1</source>
        <translation>Leder — %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="92" />
        <source>&amp;Refresh</source>
        <translation>&amp;Opdatér</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="93" />
        <source>Count again (F5)</source>
        <translation>Tæl igen (F5)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="96" />
        <source>%1, supervisor</source>
        <translation>%1, leder</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="96" />
        <source>%1: counts only (not a supervisor)</source>
        <translation>%1: kun optællinger (ikke leder)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="102" />
        <source>&amp;Overview</source>
        <translation>O&amp;verblik</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="104" />
        <source>Re&amp;port</source>
        <translation>&amp;Rapport</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="108" />
        <source>Searc&amp;h</source>
        <translation>Sø&amp;gning</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="128" />
        <source>Backlog</source>
        <translation>Restancer</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="130" />
        <source>7-day clock per team</source>
        <translation>7-dagesfrist pr. team</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="134" />
        <source>&lt;b&gt;Waiting now&lt;/b&gt;</source>
        <translation>&lt;b&gt;Venter nu&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="140" />
        <source>Letters parked as exceptions</source>
        <translation>Breve parkeret som undtagelser</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="141" />
        <source>Double-click a letter to show it in the station window</source>
        <translation>Dobbeltklik på et brev for at vise det i stationens vindue</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="149" />
        <source>&lt;b&gt;7-day clock&lt;/b&gt;: letters not yet exported, per team</source>
        <translation>&lt;b&gt;7-dagesfristen&lt;/b&gt;: breve, der ikke er eksporteret endnu, pr. team</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="161" />
        <source>&lt;b&gt;Letters received per day&lt;/b&gt;, by team</source>
        <translation>&lt;b&gt;Modtagne breve pr. dag&lt;/b&gt;, fordelt på team</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="170" />
        <source>Day</source>
        <translation>Dag</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="170" />
        <source>Week</source>
        <translation>Uge</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="170" />
        <source>Month</source>
        <translation>Måned</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="170" />
        <source>Clerk</source>
        <translation>Medarbejder</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="171" />
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="171" />
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="176" />
        <source>Count &amp;by</source>
        <translation>Tæl &amp;efter</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="200" />
        <location filename="../../scanstation/ui/supervisor_window.py" line="217" />
        <source>Counting…</source>
        <translation>Tæller…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="247" />
        <source>Not confirmed</source>
        <translation>Ikke bekræftet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="247" />
        <source>Confirmed, not exported</source>
        <translation>Bekræftet, ikke eksporteret</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="249" />
        <source>Failed exports: %1</source>
        <translation>Mislykkede eksporter: %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="255" />
        <source>%1 received from %2 to %3; %4 approaching and %5 overdue on the 7-day clock</source>
        <translation>%1 modtaget fra %2 til %3; %4 nærmer sig og %5 har overskredet 7-dagesfristen</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="257" />
        <location filename="../../scanstation/ui/supervisor_window.py" line="292" />
        <source>1 letter</source>
        <translation>1 brev</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="257" />
        <location filename="../../scanstation/ui/supervisor_window.py" line="292" />
        <source>%1 letters</source>
        <translation>%1 breve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="291" />
        <source>Kept on this station: %1, %2 with images or text, %3, oldest from %4; deleted %5 after export</source>
        <translation>Gemt på denne station: %1, %2 med billeder eller tekst, %3, ældste fra %4; slettes %5 efter eksport</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="293" />
        <source>1 page</source>
        <translation>1 side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="293" />
        <source>%1 pages</source>
        <translation>%1 sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="295" />
        <source>1 day</source>
        <translation>1 dag</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="295" />
        <source>%1 days</source>
        <translation>%1 dage</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="307" />
        <source>No team yet</source>
        <translation>Intet team endnu</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="313" />
        <source>1 row</source>
        <translation>1 række</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="313" />
        <source>%1 rows</source>
        <translation>%1 rækker</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/supervisor_window.py" line="318" />
        <location filename="../../scanstation/ui/supervisor_window.py" line="322" />
        <source>Could not count: %1</source>
        <translation>Kunne ikke tælle: %1</translation>
    </message>
</context>
</TS>